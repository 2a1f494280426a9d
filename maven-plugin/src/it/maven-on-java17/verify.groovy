// Maven ran on Java 17: the daemon execution built the module; inProcess failed with one clear line.
def log = new File(basedir, 'build.log').text
assert !log.contains('UnsupportedClassVersionError') : 'a class of the plugin did not load on Java 17'
def daemon = new File(basedir, 'target/generated-resources/jemception/wasm/by-daemon.wasm')
assert daemon.isFile() : "no ${daemon}"
assert (daemon.bytes[0..3] as byte[]) == ([0, 0x61, 0x73, 0x6d] as byte[]) : 'not a WebAssembly module'
assert log.contains("jemception: inProcess runs jemception in Maven's JVM, which is Java 17: it needs Java 21 or newer.")
assert !new File(basedir, 'target/generated-resources/jemception/wasm/in-process.wasm').exists()
return true
