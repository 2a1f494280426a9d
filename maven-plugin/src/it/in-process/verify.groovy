// Both executions compiled and linked, and Maven's JVM made the daemon's module byte for byte.
def log = new File(basedir, 'build.log').text
assert log.count('jemception: compiling src/main/c/checksum.c') == 2 : 'expected a compile in each execution'
def daemon = new File(basedir, 'target/generated-resources/jemception/wasm/by-daemon.wasm')
def inProcess = new File(basedir, 'target/generated-resources/jemception/wasm/in-process.wasm')
assert daemon.isFile() : "no ${daemon}"
assert inProcess.isFile() : "no ${inProcess}"
assert (daemon.bytes[0..3] as byte[]) == ([0, 0x61, 0x73, 0x6d] as byte[]) : 'not a WebAssembly module'
assert daemon.bytes == inProcess.bytes : 'the in-process module differs from the daemon\'s'
return true
