def log = new File(basedir, 'build.log').text
assert log.contains('jemception: no C/C++ sources in ')
assert log.contains(', nothing to compile')
assert !new File(basedir, 'target/generated-resources/jemception').exists()
assert !new File(basedir, 'target/jemception').exists()
return true
