// node:vm, written for jemception. runInThisContext is exact; a "context" is approximated by
// evaluating with the context object in scope (GraalJS offers no new realm to an embedder's script).
const evalInContext = new Function('__context', '__code', 'with (__context) { return eval(__code); }');

export function runInThisContext(code) { return (0, eval)(String(code)); }
export function createContext(object = {}) { return object; }
export function isContext(object) { return typeof object === 'object' && object !== null; }
export function runInContext(code, context) { return evalInContext(context, String(code)); }
export function runInNewContext(code, object = {}) { return runInContext(code, createContext(object)); }

export class Script {
  constructor(code) { this.code = String(code); }
  runInThisContext() { return runInThisContext(this.code); }
  runInContext(context) { return runInContext(this.code, context); }
  runInNewContext(object) { return runInNewContext(this.code, object); }
}

export default __jemceptionStrict('vm', { runInThisContext, createContext, isContext, runInContext, runInNewContext, Script });
