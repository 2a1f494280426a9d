// node:process, written for jemception.
const process = globalThis.process;
export const argv = process.argv;
export const env = process.env;
export const cwd = process.cwd;
export const exit = process.exit;
export const platform = process.platform;
export const versions = process.versions;
export const stdout = process.stdout;
export const stderr = process.stderr;
export default process;
