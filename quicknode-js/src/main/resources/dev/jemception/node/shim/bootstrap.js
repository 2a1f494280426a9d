// Globals a Node.js script expects (process, Buffer, URL, TextEncoder, timers), over
// globalThis.__jemceptionHost (dev.jemception.node.internal.NodeHost). Runs before the script.
(function () {
  'use strict';
  const host = globalThis.__jemceptionHost;

  // Anything a script uses that the shim lacks fails loudly, naming it.
  globalThis.__jemceptionStrict = function strict(name, target) {
    return new Proxy(target, {
      get(obj, prop, receiver) {
        if (typeof prop === 'symbol' || prop in obj || prop === 'then' || prop === 'toJSON' || prop === 'inspect'
            || prop === '__esModule' || prop === 'default') {
          return Reflect.get(obj, prop, receiver);
        }
        throw new Error(`jemception's Node.js shim does not implement ${name}.${String(prop)}`);
      },
    });
  };

  // util.inspect and util.format, also behind console.log as in Node.
  function inspect(value, options = {}, seen = new Set()) {
    const depth = options.depth ?? 2;
    if (typeof value === 'string') return seen.size === 0 ? `'${value}'` : `'${value.replace(/'/g, "\\'")}'`;
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'function') return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
    if (value === null || typeof value !== 'object') return String(value);
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (seen.has(value)) return '[Circular *1]';
    if (seen.size > depth) return Array.isArray(value) ? '[Array]' : '[Object]';
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        return value.length === 0 ? '[]' : `[ ${value.map(v => inspect(v, options, seen)).join(', ')} ]`;
      }
      if (value instanceof Map) {
        return `Map(${value.size}) { ${[...value].map(([k, v]) => `${inspect(k, options, seen)} => ${inspect(v, options, seen)}`).join(', ')} }`;
      }
      if (value instanceof Set) return `Set(${value.size}) { ${[...value].map(v => inspect(v, options, seen)).join(', ')} }`;
      const keys = Object.keys(value);
      if (keys.length === 0) return '{}';
      const key = k => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
      return `{ ${keys.map(k => `${key(k)}: ${inspect(value[k], options, seen)}`).join(', ')} }`;
    } finally {
      seen.delete(value);
    }
  }

  function format(fmt, ...args) {
    if (typeof fmt !== 'string') return [fmt, ...args].map(a => (typeof a === 'string' ? a : inspect(a))).join(' ');
    let i = 0;
    let out = fmt.replace(/%([sdifjoO%])/g, (m, c) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (c) {
        case 's': return typeof a === 'string' ? a : typeof a === 'object' && a !== null ? inspect(a, { depth: 0 }) : String(a);
        case 'd': case 'i': return typeof a === 'object' ? 'NaN' : String(c === 'i' ? parseInt(a) : Number(a));
        case 'f': return String(parseFloat(a));
        case 'j': return JSON.stringify(a);
        default: return inspect(a);
      }
    });
    for (; i < args.length; i++) out += ' ' + (typeof args[i] === 'string' ? args[i] : inspect(args[i]));
    return out;
  }
  globalThis.__jemceptionInspect = inspect;
  globalThis.__jemceptionFormat = format;

  const listeners = {};
  const env = {};
  for (const [k, v] of Object.entries(host.env())) env[k] = v;
  const process = {
    argv: Array.from(host.argv()),
    env,
    exitCode: undefined,
    platform: 'linux',
    arch: 'x64',
    pid: 1,
    version: 'v22.12.0',
    versions: { node: '22.12.0', v8: '12.4.254.21-node.21', uv: '1.49.1', modules: '127' },
    release: { name: 'node' },
    type: undefined, // Electron's renderer sets it; Emscripten's output checks that Node does not
    execArgv: [],
    execPath: '/usr/bin/node',
    cwd: () => host.cwd(),
    exit(code) { host.exit(code === undefined ? (process.exitCode ?? 0) : code); },
    on(event, fn) { (listeners[event] ||= []).push(fn); return process; },
    once(event, fn) { return process.on(event, fn); },
    emit(event, ...args) { for (const fn of listeners[event] || []) fn(...args); return !!listeners[event]; },
    stdout: stream(1),
    stderr: stream(2),
    hrtime: Object.assign(() => { const n = Date.now(); return [Math.floor(n / 1000), (n % 1000) * 1e6]; },
      { bigint: () => BigInt(Date.now()) * 1000000n }),
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    nextTick: (fn, ...args) => Promise.resolve().then(() => fn(...args)),
    emitWarning: (w) => write(2, `(node) Warning: ${w}\n`),
  };
  // Writes are synchronous, so a stream is always drained: 'drain' listeners run on the next turn.
  function stream(fd) {
    const s = {
      fd, isTTY: false,
      write(data, encoding, callback) { write(fd, data); (typeof encoding === 'function' ? encoding : callback)?.(); return true; },
      on(event, fn) { if (event === 'drain') setTimeout(fn, 0); return s; },
      end() {},
    };
    s.once = s.on;
    return s;
  }
  function write(fd, s) {
    if (typeof s === 'string') host.write(fd, s);
    else host.writeBytes(fd, Java.to(Array.from(s, b => (b << 24) >> 24), 'byte[]'));
  }
  // CommonJS: a synchronous require. Built-ins are imported before the main script runs; files
  // are read, wrapped as Node wraps them, and evaluated with load() so stack traces name them.
  const builtins = new Map();
  globalThis.__jemceptionRegisterBuiltins = (modules) => {
    for (const [name, module] of Object.entries(modules)) builtins.set(name, module);
  };
  const modules = new Map();
  let mainModule;
  let loadingMain = false;
  function loadModule(specifier, dir) {
    let target;
    try {
      target = host.resolveRequire(specifier, dir);
    } catch (e) {
      throw Object.assign(new Error(e.getMessage()), { code: 'MODULE_NOT_FOUND' });
    }
    if (target.startsWith('node:')) {
      const builtin = builtins.get(target.slice(5));
      if (builtin === undefined) throw new Error(`jemception's Node.js shim does not implement ${target}`);
      return builtin;
    }
    if (modules.has(target)) return modules.get(target).exports;
    const module = { exports: {}, filename: target, id: target, loaded: false };
    if (loadingMain) {
      mainModule = module;
      loadingMain = false;
    }
    modules.set(target, module);
    const text = host.readText(target);
    if (target.endsWith('.json')) {
      module.exports = JSON.parse(text);
    } else {
      const wrapped = load({ name: target, script: '(function (exports, require, module, __filename, __dirname) {' + text + '\n})' });
      const moduleDir = target.slice(0, target.lastIndexOf('/')) || '/';
      wrapped.call(module.exports, module.exports, requireFrom(moduleDir), module, target, moduleDir);
    }
    module.loaded = true;
    return module.exports;
  }
  function requireFrom(dir) {
    const require = (specifier) => loadModule(String(specifier), dir);
    require.resolve = (specifier) => host.resolveRequire(String(specifier), dir);
    Object.defineProperty(require, 'main', { get: () => mainModule });
    return require;
  }
  globalThis.__jemceptionRequireFrom = requireFrom;
  globalThis.__jemceptionRequireMain = (path) => {
    loadingMain = true;
    return requireFrom('/')(path);
  };
  globalThis.__jemceptionExitListeners = () => process.emit('exit', process.exitCode ?? 0);
  globalThis.process = __jemceptionStrict('process', process);

  const print = (fd) => (...args) => write(fd, format(...args) + '\n');
  globalThis.console = Object.assign(Object.create(null), {
    log: print(1), info: print(1), debug: print(1), warn: print(2), error: print(2), trace: print(2),
    dir: (v) => write(1, inspect(v) + '\n'),
    assert: (ok, ...args) => { if (!ok) write(2, 'Assertion failed' + (args.length ? ': ' + format(...args) : '') + '\n'); },
    time() {}, timeEnd() {},
  });

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(s = '') { return Uint8Array.from(host.utf8Encode(String(s)), b => b & 255); }
  }
  class TextDecoder {
    constructor(label = 'utf-8') { this.encoding = label; }
    decode(bytes) { return bytes === undefined ? '' : host.utf8Decode(new Uint8Array(bytes.buffer || bytes, bytes.byteOffset || 0, bytes.byteLength)); }
  }
  globalThis.TextEncoder = TextEncoder;
  globalThis.TextDecoder = TextDecoder;

  class Buffer extends Uint8Array {
    static from(value, encoding) {
      if (typeof value === 'string') {
        if (encoding === 'base64') return Buffer.fromBytes(Uint8Array.from(atobBytes(value)));
        return Buffer.fromBytes(new TextEncoder().encode(value));
      }
      if (value instanceof ArrayBuffer) return new Buffer(value);
      return Buffer.fromBytes(Uint8Array.from(value));
    }
    static fromBytes(bytes) { const b = new Buffer(bytes.length); b.set(bytes); return b; }
    static alloc(n, fill = 0) { return new Buffer(n).fill(fill); }
    static isBuffer(b) { return b instanceof Buffer; }
    static byteLength(s) { return typeof s === 'string' ? new TextEncoder().encode(s).length : s.byteLength; }
    static concat(list) {
      const out = new Buffer(list.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of list) { out.set(b, at); at += b.length; }
      return out;
    }
    toString(encoding = 'utf8', start = 0, end = this.length) {
      const bytes = this.subarray(start, end);
      if (encoding === 'base64') return btoaBytes(bytes);
      if (encoding === 'hex') return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
      return new TextDecoder().decode(bytes);
    }
  }
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function btoaBytes(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=')
        + (i + 2 < bytes.length ? B64[n & 63] : '=');
    }
    return out;
  }
  function atobBytes(s) {
    const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
    const out = [];
    for (let i = 0; i < clean.length; i += 4) {
      const n = [0, 1, 2, 3].map(k => (i + k < clean.length ? B64.indexOf(clean[i + k]) : 0));
      const v = (n[0] << 18) | (n[1] << 12) | (n[2] << 6) | n[3];
      out.push(v >> 16);
      if (i + 2 < clean.length) out.push((v >> 8) & 255);
      if (i + 3 < clean.length) out.push(v & 255);
    }
    return out;
  }
  globalThis.Buffer = Buffer;

  // Timers: run after the main script, in order of due time (no real waiting is needed by the tools).
  const timers = new Map();
  let nextTimer = 1;
  globalThis.setTimeout = (fn, ms = 0, ...args) => { const id = nextTimer++; timers.set(id, { fn, args, due: ms }); return id; };
  globalThis.setImmediate = (fn, ...args) => setTimeout(fn, 0, ...args);
  globalThis.clearTimeout = globalThis.clearImmediate = (id) => { timers.delete(id); };
  globalThis.queueMicrotask = (fn) => { Promise.resolve().then(fn); };
  // Called by the host until it returns false, so promise jobs run between timers.
  globalThis.__jemceptionRunTimer = () => {
    if (timers.size === 0) return false;
    const [id, t] = [...timers.entries()].sort((a, b) => a[1].due - b[1].due)[0];
    timers.delete(id);
    t.fn(...t.args);
    return true;
  };

  // URL: enough for file: URLs and resolving relative references (import.meta.url and friends).
  class URL {
    constructor(input, base) {
      input = String(input);
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input);
      if (!scheme) {
        if (base === undefined) throw new TypeError(`Invalid URL: ${input}`);
        const b = new URL(base);
        const path = input.startsWith('/') ? input : b.pathname.replace(/[^/]*$/, '') + input;
        return new URL(`${b.protocol}//${b.host}${resolveDots(path)}`);
      }
      this.protocol = scheme[1].toLowerCase() + ':';
      const rest = input.slice(scheme[0].length);
      const m = /^\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(rest) || [null, '', rest, '', ''];
      this.host = this.hostname = m[1];
      this.pathname = resolveDots(m[2] || '/');
      this.search = m[3] || '';
      this.hash = m[4] || '';
    }
    get href() { return `${this.protocol}${this.protocol === 'file:' || this.host ? '//' : ''}${this.host}${this.pathname}${this.search}${this.hash}`; }
    get origin() { return this.protocol === 'file:' ? 'null' : `${this.protocol}//${this.host}`; }
    toString() { return this.href; }
    toJSON() { return this.href; }
  }
  function resolveDots(path) {
    const out = [];
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p === '..') { if (out.length > 1) out.pop(); if (i === parts.length - 1) out.push(''); }
      else if (p === '.') { if (i === parts.length - 1) out.push(''); }
      else out.push(p);
    }
    return out.join('/') || '/';
  }
  globalThis.URL = URL;
})();
