// node:url for file: URLs, written for jemception.
export const URL = globalThis.URL;

export function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path) {
  const abs = globalThis.process.cwd && !path.startsWith('/') ? globalThis.process.cwd() + '/' + path : path;
  return new URL('file://' + encodeURI(abs).replace(/[?#]/g, encodeURIComponent));
}

export default __jemceptionStrict('url', { URL, fileURLToPath, pathToFileURL });
