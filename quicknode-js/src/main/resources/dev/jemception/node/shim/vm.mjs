// node:vm, written for jemception. A context is a GraalJS realm (its own global and built-ins, as
// in Node); the context object's properties are copied into the realm's global before the code
// runs and the globals the code creates are copied back after it. Code runs as a script through
// the realm's load(), so top-level const/let persist between runs like in Node.
const realms = new WeakMap();

function realmOf(context) {
  let realm = realms.get(context);
  if (!realm) {
    const global = Realm.global(Realm.create());
    realm = { global, builtins: new Set(Object.getOwnPropertyNames(global)) };
    realms.set(context, realm);
  }
  return realm;
}

function filenameOf(options) {
  return (typeof options === 'string' ? options : options?.filename) ?? 'evalmachine.<anonymous>';
}

export function runInThisContext(code, options) {
  return globalThis.load({ script: String(code), name: filenameOf(options) });
}

export function createContext(object = {}) {
  realmOf(object);
  return object;
}

export function isContext(object) { return realms.has(object); }

export function runInContext(code, context, options) {
  const { global, builtins } = realmOf(context);
  for (const key of Object.keys(context)) {
    if (global[key] !== context[key]) global[key] = context[key];
  }
  try {
    return global.load({ script: String(code), name: filenameOf(options) });
  } finally {
    for (const key of Object.getOwnPropertyNames(global)) {
      if (!builtins.has(key) && context[key] !== global[key]) context[key] = global[key];
    }
  }
}

export function runInNewContext(code, object = {}, options) { return runInContext(code, createContext(object), options); }

export class Script {
  constructor(code, options) { this.code = String(code); this.options = options; }
  runInThisContext() { return runInThisContext(this.code, this.options); }
  runInContext(context) { return runInContext(this.code, context, this.options); }
  runInNewContext(object) { return runInNewContext(this.code, object, this.options); }
}

export default __jemceptionStrict('vm', { runInThisContext, createContext, isContext, runInContext, runInNewContext, Script });
