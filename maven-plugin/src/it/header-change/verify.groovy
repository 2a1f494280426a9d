// Build 1 compiled both files; build 2 (version.h changed) compiled version.c only, and linked again.
// (invoker appends both builds to one build.log.)
def log = new File(basedir, 'build.log').text
def version = log.count('jemception: compiling src/main/c/version.c')
def twice = log.count('jemception: compiling src/main/c/twice.c')
assert version == 2 : "version.c compiled ${version} times: not recompiled after its header changed"
assert twice == 1 : "twice.c compiled ${twice} times (once expected)"
assert !log.contains('is up to date')
assert new File(basedir, 'src/main/include/version.h').text.contains('VERSION 2')
assert new File(basedir, 'target/classes/wasm/header-change.wasm').isFile()
return true
