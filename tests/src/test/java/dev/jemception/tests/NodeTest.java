package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** jemception's node: scripts run by GraalJS with the Node.js API shim, over the session's VFS. */
class NodeTest extends SessionTestBase {

    static RunResult node(String script, String text, String... args) throws IOException {
        Files.writeString(dir.resolve(script), text);
        String[] argv = new String[args.length + 2];
        argv[0] = "node";
        argv[1] = script;
        System.arraycopy(args, 0, argv, 2, args.length);
        return session.run(argv);
    }

    @Test
    void aCommonJsScriptRequiresFilesJsonAndBuiltInsAsInNode() throws IOException {
        Files.writeString(dir.resolve("lib.js"), "exports.greet = (who) => 'hello ' + who;\nexports.loadedBefore = module.loaded;\n");
        Files.writeString(dir.resolve("data.json"), "{ \"answer\": 42 }\n");
        RunResult r = node("main.js", """
                const path = require('path');
                const fs = require('node:fs');
                const { greet, loadedBefore } = require('./lib');
                const data = require('./data.json');
                console.log(greet('commonjs'), loadedBefore, data.answer, require('./lib') === require('./lib.js'));
                console.log(path.basename(__filename), path.basename(__dirname) === path.basename(process.cwd()), require.main === module);
                console.log(typeof fs.readFileSync, typeof require.resolve);
                try { require('./nowhere'); } catch (e) { console.log(e.code); }
                """);
        // what Node 20 prints for it
        assertThat(r.stdout()).isEqualTo("""
                hello commonjs false 42 true
                main.js true true
                function function
                MODULE_NOT_FOUND
                """);
    }

    @Test
    void anEsModuleSeesFsPathUrlAndProcessAsInNode() throws IOException {
        RunResult r = node("tour.mjs", """
                import fs from 'node:fs';
                import * as path from 'path';
                import { fileURLToPath, pathToFileURL } from 'node:url';
                import os from 'node:os';
                import process from 'node:process';
                const here = path.dirname(fileURLToPath(import.meta.url));
                fs.mkdirSync(path.join(here, 'sub', 'deeper'), { recursive: true });
                fs.writeFileSync(path.join(here, 'sub', 'out.txt'), 'written ' + 6 * 7);
                const text = await fs.promises.readFile(path.join(here, 'sub/out.txt'), 'utf8');
                console.log(text, fs.statSync('sub/out.txt').size, fs.existsSync('nope'), fs.readdirSync('sub'));
                console.log(path.relative('/a/b/c', '/a/d'), path.normalize('/x/./y/../z/'), path.join('a', '..', '..', 'b'),
                    path.basename('/p/q.tar.gz', '.gz'), path.extname('.bashrc'), path.resolve('/r', 's', '../t'),
                    JSON.stringify(path.parse('/home/u/file.txt')));
                console.log(process.argv.slice(2), pathToFileURL('/tmp/a b.txt').href, os.EOL === '\\n', typeof os.tmpdir());
                try { fs.readFileSync('missing.txt'); } catch (e) { console.log(e.code, e.syscall); }
                setTimeout(() => console.log('timer'), 1);
                process.on('exit', (code) => console.log('exit', code));
                """, "one", "two");
        // Expected text: the machine's Node.js v20 on the same script.
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("""
                written 42 10 false [ 'deeper', 'out.txt' ]
                ../../d /x/z/ ../b q.tar  /r/t {"root":"/","dir":"/home/u","base":"file.txt","ext":".txt","name":"file"}
                [ 'one', 'two' ] file:///tmp/a%20b.txt true string
                ENOENT open
                timer
                exit 0
                """);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void anUncaughtErrorExitsOneWithTheScriptLocation() throws IOException {
        RunResult r = node("boom.mjs", "const x = 1;\nthrow new Error('boom');\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains(dir.toRealPath().resolve("boom.mjs") + ":2").contains("Error: boom")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void processExitSetsTheExitCode() throws IOException {
        RunResult r = node("exit.mjs", "console.log('before'); process.exit(3); console.log('after');\n");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("before\n");
        assertThat(node("code.mjs", "process.exitCode = 4;\n").exitCode()).isEqualTo(4);
    }

    @Test
    void missingNodeApisAreNamed() throws IOException {
        RunResult cp = node("spawn.mjs", "import { spawnSync } from 'node:child_process';\nspawnSync('ls');\n");
        assertThat(cp.exitCode()).isEqualTo(1);
        assertThat(cp.stderr()).contains("no child_process");

        RunResult watch = node("watch.mjs", "import fs from 'fs';\nfs.watch('.', () => {});\n");
        assertThat(watch.exitCode()).isEqualTo(1);
        assertThat(watch.stderr()).contains("does not implement fs.watch");

        RunResult http = node("http.mjs", "import http from 'node:http';\n");
        assertThat(http.stderr()).contains("does not implement node:http");
    }

    @Test
    void evalAndVersion() {
        RunResult e = session.run("node", "-e", "console.log(require('path').posix.join('a', 'b'))");
        assertThat(e.stdout()).isEqualTo("a/b\n"); // as in Node, -e code has require()

        RunResult sum = session.run("node", "-e", "console.log([1, 2, 3].reduce((a, b) => a + b))");
        assertThat(sum.stdout()).isEqualTo("6\n");
        assertThat(session.run("node", "--version").stdout()).startsWith("v22.");
    }
}
