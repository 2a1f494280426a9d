// Build 1 configured the CMake project (CMake in the JVM) and built calc.wasm into the resources; build 2
// ran nothing; build 3 met clang's error in broken.c, logged as [ERROR] with an absolute path, and failed
// leaving no module.
def log = new File(basedir, 'build.log').text
def dir = basedir.canonicalPath
assert log.count('jemception: configuring src/main/cmake (CMake in the JVM)') == 2 // builds 1 and 3 (a new option)
assert log.contains('-- Looking for stdint.h - found')
assert log.contains('Linking C executable calc.wasm')
assert log.count('jemception: wasm/calc.wasm up to date (CMake project src/main/cmake)') == 1
assert log.contains("[ERROR] ${dir}/src/main/cmake/broken.c:2:")
assert log =~ /jemception: building .*src\/main\/cmake failed/
def wasm = new File(basedir, 'target/generated-resources/jemception/wasm/calc.wasm')
assert !wasm.exists() : 'the failed build left a module'
return true
