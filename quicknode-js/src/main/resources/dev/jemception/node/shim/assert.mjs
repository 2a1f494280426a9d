// node:assert (the calls scripts use), written for jemception.
export class AssertionError extends Error {
  constructor(message, actual, expected, operator) {
    super(message);
    Object.assign(this, { name: 'AssertionError', code: 'ERR_ASSERTION', actual, expected, operator });
  }
}

function fail(message, actual, expected, operator, fallback) {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback, actual, expected, operator);
}

function isDeepEqual(a, b, strict) {
  if (strict ? Object.is(a, b) : a == b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map || a instanceof Set) return isDeepEqual([...a], [...b], strict);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every(k => Object.prototype.hasOwnProperty.call(b, k) && isDeepEqual(a[k], b[k], strict));
}

export function ok(value, message) { if (!value) fail(message, value, true, '==', 'The expression evaluated to a falsy value'); }
export function equal(a, b, message) { if (a != b) fail(message, a, b, '==', `${a} == ${b}`); }
export function notEqual(a, b, message) { if (a == b) fail(message, a, b, '!=', `${a} != ${b}`); }
export function strictEqual(a, b, message) { if (!Object.is(a, b)) fail(message, a, b, 'strictEqual', `Expected values to be strictly equal:\n\n${a} !== ${b}\n`); }
export function notStrictEqual(a, b, message) { if (Object.is(a, b)) fail(message, a, b, 'notStrictEqual', `Expected "actual" to be strictly unequal to: ${b}`); }
export function deepEqual(a, b, message) { if (!isDeepEqual(a, b, false)) fail(message, a, b, 'deepEqual', 'Expected values to be loosely deep-equal'); }
export function deepStrictEqual(a, b, message) { if (!isDeepEqual(a, b, true)) fail(message, a, b, 'deepStrictEqual', 'Expected values to be strictly deep-equal'); }
export function notDeepStrictEqual(a, b, message) { if (isDeepEqual(a, b, true)) fail(message, a, b, 'notDeepStrictEqual', 'Expected "actual" not to be strictly deep-equal to "expected"'); }
export function throws(fn, expected, message) {
  try { fn(); } catch (e) {
    if (typeof expected === 'function' && expected.prototype !== undefined && !(e instanceof expected)) throw e;
    if (expected instanceof RegExp && !expected.test(String(e))) throw e;
    return;
  }
  fail(typeof expected === 'string' ? expected : message, undefined, expected, 'throws', 'Missing expected exception.');
}

const assert = Object.assign((value, message) => ok(value, message), {
  ok, equal, notEqual, strictEqual, notStrictEqual, deepEqual, deepStrictEqual, notDeepStrictEqual, throws,
  AssertionError, fail: (message) => fail(message, undefined, undefined, 'fail', 'Failed'),
});
const strict = Object.assign((value, message) => ok(value, message), assert, { equal: strictEqual, deepEqual: deepStrictEqual, notEqual: notStrictEqual });
assert.strict = strict;
strict.strict = strict;
export { strict };
export default __jemceptionStrict('assert', assert);
