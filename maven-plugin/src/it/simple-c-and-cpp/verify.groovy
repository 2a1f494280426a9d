// The module is in target/classes (the plugin's output directory became a resource directory) and is wasm.
def module = new File(basedir, 'target/classes/wasm/calc.wasm')
assert module.isFile() : "no ${module}"
def magic = module.bytes[0..3] as byte[]
assert magic == [0, 0x61, 0x73, 0x6d] as byte[] : 'not a WebAssembly module'
def log = new File(basedir, 'build.log').text
assert log.contains('jemception: compiling src/main/c/add.c')
assert log.contains('jemception: compiling src/main/cpp/squares.cpp')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
return true
