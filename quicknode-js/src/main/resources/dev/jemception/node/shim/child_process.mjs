// node:child_process cannot work in jemception: scripts run inside the JVM and cannot start OS processes.
function unavailable(name) {
  return () => {
    throw new Error(`jemception's Node.js shim has no child_process (${name}): scripts run inside the JVM and cannot start processes`);
  };
}
export const spawn = unavailable('spawn');
export const spawnSync = unavailable('spawnSync');
export const exec = unavailable('exec');
export const execSync = unavailable('execSync');
export const execFile = unavailable('execFile');
export const execFileSync = unavailable('execFileSync');
export const fork = unavailable('fork');
export default __jemceptionStrict('child_process', { spawn, spawnSync, exec, execSync, execFile, execFileSync, fork });
