// Build 1 built the module from good.c; build 2 met clang's "bad.c:2:14: error: expected ';' ...", logged as
// [ERROR] with an absolute path, failed naming the file, and took the module of build 1 away.
def log = new File(basedir, 'build.log').text
def dir = basedir.canonicalPath
assert log.contains('jemception: linking wasm/syntax-error.wasm')
assert log =~ /(?m)^\[ERROR\] \/.*\/src\/main\/c\/bad\.c:2:\d+: error: /
assert log.contains("[ERROR] ${dir}/src/main/c/bad.c:2:")
assert log.contains("compilation failed: ${dir}/src/main/c/bad.c")
assert !(log =~ /error: .*good\.c/)
assert !new File(basedir, 'target/generated-resources/jemception/wasm/syntax-error.wasm').exists()
assert !new File(basedir, 'target/classes/wasm/syntax-error.wasm').exists()
return true
