// node:util (format, inspect, types, parseArgs, promisify ...), written for jemception.
export const inspect = globalThis.__jemceptionInspect;
export const format = globalThis.__jemceptionFormat;

export function parseArgs({ args = globalThis.process.argv.slice(2), options = {}, strict = true, allowPositionals = !strict } = {}) {
  const values = { __proto__: null };
  const positionals = [];
  const byShort = Object.fromEntries(Object.entries(options).filter(([, o]) => o.short).map(([n, o]) => [o.short, n]));
  const set = (name, value) => {
    const opt = options[name];
    if (!opt) {
      if (strict) throw Object.assign(new TypeError(`Unknown option '${name.length === 1 ? '-' : '--'}${name}'`), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
      values[name] = value ?? true;
      return;
    }
    if (opt.type === 'string' && typeof value !== 'string') {
      throw Object.assign(new TypeError(`Option '--${name} <value>' argument missing`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
    }
    if (opt.type === 'boolean' && value !== undefined && strict) {
      throw Object.assign(new TypeError(`Option '--${name}' does not take an argument`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
    }
    const v = opt.type === 'boolean' ? true : value;
    if (opt.multiple) (values[name] ||= []).push(v);
    else values[name] = v;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') { positionals.push(...args.slice(i + 1)); break; }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      let value = eq < 0 ? undefined : arg.slice(eq + 1);
      if (value === undefined && options[name]?.type === 'string' && i + 1 < args.length) value = args[++i];
      set(name, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const name = byShort[arg[1]] ?? arg[1];
      let value = arg.length > 2 ? arg.slice(2) : undefined;
      if (value === undefined && options[name]?.type === 'string' && i + 1 < args.length) value = args[++i];
      set(name, value);
    } else {
      if (!allowPositionals) {
        throw Object.assign(new TypeError(`Unexpected argument '${arg}'. This command does not take positional arguments`), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
      }
      positionals.push(arg);
    }
  }
  for (const [name, opt] of Object.entries(options)) {
    if (values[name] === undefined && opt.default !== undefined) values[name] = opt.default;
  }
  return { values, positionals };
}

export function promisify(fn) {
  return (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
}

export function deprecate(fn) { return fn; }
export function inherits(ctor, superCtor) { Object.setPrototypeOf(ctor.prototype, superCtor.prototype); }
export function isDeepStrictEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

export const types = {
  isPromise: v => v instanceof Promise,
  isRegExp: v => v instanceof RegExp,
  isDate: v => v instanceof Date,
  isMap: v => v instanceof Map,
  isSet: v => v instanceof Set,
  isTypedArray: v => ArrayBuffer.isView(v) && !(v instanceof DataView),
  isUint8Array: v => v instanceof Uint8Array,
  isArrayBuffer: v => v instanceof ArrayBuffer,
  isNativeError: v => v instanceof Error,
};

export const TextEncoder = globalThis.TextEncoder;
export const TextDecoder = globalThis.TextDecoder;

export default __jemceptionStrict('util', {
  inspect, format, parseArgs, promisify, deprecate, inherits, isDeepStrictEqual, types, TextEncoder, TextDecoder,
});
