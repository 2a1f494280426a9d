// node:fs (the synchronous calls and fs.promises), written for jemception over the session's VFS.
const host = globalThis.__jemceptionHost;
const ERRNO = { ENOENT: -2, EEXIST: -17, ENOTDIR: -20, EISDIR: -21, ENOTEMPTY: -39, EACCES: -13, EIO: -5 };

function call(fn) {
  try {
    return fn();
  } catch (e) {
    if (e && typeof e.code === 'string' && typeof e.syscall === 'string') {
      const err = new Error(e.getMessage());
      Object.assign(err, { code: e.code, errno: ERRNO[e.code] ?? -5, syscall: e.syscall, path: e.path });
      throw err;
    }
    throw e;
  }
}

function pathOf(p) {
  if (p instanceof URL) return decodeURIComponent(p.pathname);
  if (typeof p !== 'string') throw new TypeError(`The "path" argument must be of type string, Buffer, or URL. Received ${typeof p}`);
  return p;
}

function encodingOf(options) {
  return typeof options === 'string' ? options : options?.encoding ?? null;
}

function toJavaBytes(data) {
  if (typeof data === 'string') return host.utf8Encode(data);
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength);
  return Java.to(Array.from(bytes, b => (b << 24) >> 24), 'byte[]');
}

class Stats {
  constructor([file, dir, link, size, mtimeMs]) {
    Object.assign(this, { size, mtimeMs, atimeMs: mtimeMs, ctimeMs: mtimeMs, birthtimeMs: mtimeMs, mode: dir ? 0o40755 : 0o100644 });
    this.mtime = this.atime = this.ctime = this.birthtime = new Date(mtimeMs);
    this._kind = { file: !!file, dir: !!dir, link: !!link };
  }
  isFile() { return this._kind.file; }
  isDirectory() { return this._kind.dir; }
  isSymbolicLink() { return this._kind.link; }
}

export function existsSync(p) { try { return host.exists(pathOf(p)); } catch { return false; } }

export function readFileSync(p, options) {
  const encoding = encodingOf(options);
  if (p === 0) {
    // file descriptor 0: all of standard input (compiler.mjs reads its settings from `-`)
    const bytes = Buffer.fromBytes(Uint8Array.from(call(() => host.readStdin()), b => b & 255));
    return encoding ? bytes.toString(encoding) : bytes;
  }
  const path = pathOf(p);
  if (encoding === 'utf8' || encoding === 'utf-8') return call(() => host.readText(path));
  const bytes = Buffer.fromBytes(Uint8Array.from(call(() => host.readBytes(path)), b => b & 255));
  return encoding ? bytes.toString(encoding) : bytes;
}

export function writeFileSync(p, data, options) {
  const flag = typeof options === 'object' ? options?.flag : undefined;
  call(() => host.writeFileBytes(pathOf(p), toJavaBytes(data), flag === 'a'));
}

export function appendFileSync(p, data) { call(() => host.writeFileBytes(pathOf(p), toJavaBytes(data), true)); }

export function mkdirSync(p, options) {
  const recursive = !!(typeof options === 'object' && options?.recursive);
  call(() => host.mkdir(pathOf(p), recursive));
}

export function statSync(p, options) {
  try {
    return new Stats(call(() => host.stat(pathOf(p), true)));
  } catch (e) {
    if (options?.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
    throw e;
  }
}

export function lstatSync(p) { return new Stats(call(() => host.stat(pathOf(p), false))); }

export function readdirSync(p, options) {
  const names = Array.from(call(() => host.readdir(pathOf(p))));
  if (options?.withFileTypes) {
    return names.map(name => Object.assign(statSync(pathOf(p) + '/' + name), { name }));
  }
  return names;
}

export function unlinkSync(p) { call(() => host.unlink(pathOf(p))); }
export function rmdirSync(p) { call(() => host.rmdir(pathOf(p))); }
export function renameSync(from, to) { call(() => host.rename(pathOf(from), pathOf(to))); }
export function realpathSync(p) { return call(() => host.realpath(pathOf(p))); }
realpathSync.native = realpathSync;

export function rmSync(p, options) {
  const path = pathOf(p);
  if (!existsSync(path)) {
    if (options?.force) return;
    statSync(path);
  }
  if (statSync(path).isDirectory()) {
    if (!options?.recursive) return rmdirSync(path);
    for (const name of readdirSync(path)) rmSync(path + '/' + name, options);
    return rmdirSync(path);
  }
  unlinkSync(path);
}

export function copyFileSync(from, to) { writeFileSync(to, readFileSync(from)); }

/** An open file for fs/promises: enough for readFile/writeFile/close. */
class FileHandle {
  constructor(path, flags) { this.path = path; this.flags = flags; }
  async readFile(options) { return readFileSync(this.path, options); }
  async writeFile(data) { writeFileSync(this.path, data, { flag: this.flags === 'a' ? 'a' : 'w' }); }
  async write(data) { appendFileSync(this.path, data); return { bytesWritten: data.length }; }
  async stat() { return statSync(this.path); }
  async close() {}
}

export const promises = __jemceptionStrict('fs.promises', {
  readFile: async (p, o) => readFileSync(p, o),
  writeFile: async (p, d, o) => writeFileSync(p, d, o),
  appendFile: async (p, d) => appendFileSync(p, d),
  mkdir: async (p, o) => mkdirSync(p, o),
  stat: async (p, o) => statSync(p, o),
  lstat: async (p) => lstatSync(p),
  readdir: async (p, o) => readdirSync(p, o),
  unlink: async (p) => unlinkSync(p),
  rm: async (p, o) => rmSync(p, o),
  rename: async (a, b) => renameSync(a, b),
  realpath: async (p) => realpathSync(p),
  access: async (p) => { statSync(p); },
  open: async (p, flags = 'r') => {
    const path = pathOf(p);
    if (flags.startsWith('r')) statSync(path);
    else if (flags.startsWith('w')) writeFileSync(path, '');
    return new FileHandle(path, flags[0]);
  },
});

export function accessSync(p) { statSync(p); }
export const constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 };

export default __jemceptionStrict('fs', {
  existsSync, readFileSync, writeFileSync, appendFileSync, mkdirSync, statSync, lstatSync, readdirSync, unlinkSync,
  rmdirSync, rmSync, renameSync, realpathSync, copyFileSync, accessSync, constants, promises,
});
