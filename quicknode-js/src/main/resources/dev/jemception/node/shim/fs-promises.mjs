// node:fs/promises, written for jemception.
import { promises } from './fs.mjs';
export const { readFile, writeFile, appendFile, mkdir, stat, lstat, readdir, unlink, rm, rename, realpath, access, open } = promises;
export default promises;
