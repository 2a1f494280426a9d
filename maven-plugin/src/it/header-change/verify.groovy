// Build 1 compiled both files; build 2 (version.h changed) compiled version.c only, and linked again.
// (build.log holds both builds' output, or the last one's only: both are accepted.)
def log = new File(basedir, 'build.log').text
def version = log.count('jemception: compiling src/main/c/version.c')
def twice = log.count('jemception: compiling src/main/c/twice.c')
assert version >= 1 : 'version.c was not recompiled after its header changed'
assert twice == version - 1 : "twice.c compiled ${twice} times, version.c ${version} times"
assert !log.contains('is up to date')
assert new File(basedir, 'src/main/include/version.h').text.contains('VERSION 2')
assert new File(basedir, 'target/classes/wasm/header-change.wasm').isFile()
return true
