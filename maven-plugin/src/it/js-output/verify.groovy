// The glue and its module are in target/classes/js; Node runs the glue and main prints its line.
def js = new File(basedir, 'target/classes/js/hello.js')
assert js.isFile() && new File(basedir, 'target/classes/js/hello.wasm').isFile()
def node = ['node', js.path].execute(null, basedir)
def out = new StringBuilder(), err = new StringBuilder()
node.waitForProcessOutput(out, err)
assert node.exitValue() == 0 : "node: ${err}"
assert out.toString() == 'hello from jemception-maven-plugin\n'
return true
