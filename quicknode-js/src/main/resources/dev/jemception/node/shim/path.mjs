// node:path with POSIX semantics, written for jemception.
const host = globalThis.__jemceptionHost;

function normalizeParts(path, absolute) {
  const out = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  return out;
}

function check(p, name = 'path') {
  if (typeof p !== 'string') {
    throw new TypeError(`The "${name}" argument must be of type string. Received ${p === null ? 'null' : typeof p}`);
  }
}

export const sep = '/';
export const delimiter = ':';

export function isAbsolute(p) { check(p); return p.startsWith('/'); }

export function normalize(p) {
  check(p);
  if (p === '') return '.';
  const absolute = p.startsWith('/');
  const trailing = p.endsWith('/');
  let result = normalizeParts(p, absolute).join('/');
  if (result === '' && !absolute) result = '.';
  if (result !== '' && trailing) result += '/';
  return absolute ? '/' + result : result;
}

export function join(...parts) {
  parts.forEach(p => check(p));
  const joined = parts.filter(p => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

export function resolve(...parts) {
  let resolved = '';
  for (let i = parts.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
    const p = i >= 0 ? parts[i] : host.cwd();
    check(p);
    if (p === '') continue;
    resolved = resolved === '' ? p : p + '/' + resolved;
  }
  const result = '/' + normalizeParts(resolved, true).join('/');
  return result;
}

export function relative(from, to) {
  check(from, 'from'); check(to, 'to');
  const a = normalizeParts(resolve(from), true);
  const b = normalizeParts(resolve(to), true);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function dirname(p) {
  check(p);
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  const dir = trimmed.slice(0, i).replace(/\/+$/, '');
  return dir === '' ? '/' : dir;
}

export function basename(p, ext) {
  check(p);
  const trimmed = p.replace(/\/+$/, '');
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, base.length - ext.length);
  return base;
}

export function extname(p) {
  check(p);
  const base = basename(p);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

export function parse(p) {
  check(p);
  const root = p.startsWith('/') ? '/' : '';
  const base = basename(p);
  const ext = extname(p);
  let dir = dirname(p);
  if (dir === '.' && !p.startsWith('.')) dir = '';
  return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
}

export function format(o) {
  const dir = o.dir || o.root || '';
  const base = o.base || (o.name || '') + (o.ext || '');
  return dir === '' ? base : dir === o.root ? dir + base : dir + '/' + base;
}

export function toNamespacedPath(p) { return p; }

const path = { sep, delimiter, isAbsolute, normalize, join, resolve, relative, dirname, basename, extname, parse, format,
  toNamespacedPath };
path.posix = path;
export const posix = path;
export default path;
