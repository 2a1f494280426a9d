// node:os, written for jemception.
export const EOL = '\n';
export function tmpdir() { return (globalThis.process.env.TMPDIR || '/tmp').replace(/\/$/, '') || '/'; }
export function platform() { return 'linux'; }
export function type() { return 'Linux'; }
export function arch() { return 'x64'; }
export function homedir() { return globalThis.process.env.HOME || '/tmp'; }
export function cpus() { return [{ model: 'jemception', speed: 0 }]; }
export function endianness() { return 'LE'; }
export default __jemceptionStrict('os', { EOL, tmpdir, platform, type, arch, homedir, cpus, endianness });
