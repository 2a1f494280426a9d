// The first build compiled answer.c once; the second compiled nothing and said so in one line.
// (invoker appends both builds to one build.log.)
def log = new File(basedir, 'build.log').text
def compiled = log.count('jemception: compiling src/main/c/answer.c')
assert compiled == 1 : "answer.c compiled ${compiled} times (once expected)"
assert log.count('jemception: wasm/build-twice.wasm is up to date (1 C/C++ sources)') == 1
assert new File(basedir, 'target/generated-resources/jemception/wasm/build-twice.wasm').isFile()
assert new File(basedir, 'target/classes/wasm/build-twice.wasm').isFile()
return true
