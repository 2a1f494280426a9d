// node:child_process cannot exist in jemception: programs here cannot start OS processes.
throw new Error("jemception's Node.js shim has no child_process: scripts run inside the JVM and cannot start processes");
