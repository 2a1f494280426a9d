// One module per execution, built from the same source with different flags: different bytes.
def out = new File(basedir, 'target/classes/wasm')
def doubled = new File(out, 'double.wasm')
def tripled = new File(out, 'triple.wasm')
assert doubled.isFile() && tripled.isFile()
assert doubled.bytes != tripled.bytes
assert new File(basedir, 'target/jemception/double/obj/c/scale.c.o').isFile()
assert new File(basedir, 'target/jemception/triple/obj/c/scale.c.o').isFile()
return true
