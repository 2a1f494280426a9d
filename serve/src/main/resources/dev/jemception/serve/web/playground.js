// The playground: a CodeMirror editor, a compile through /api/compile, diagnostics inline and in
// a list, and the program run in a Web Worker with its output streamed into the console pane.
import {EditorState} from "@codemirror/state";
import {EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection} from "@codemirror/view";
import {defaultKeymap, history, historyKeymap, indentWithTab} from "@codemirror/commands";
import {syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput} from "@codemirror/language";
import {setDiagnostics, lintGutter} from "@codemirror/lint";
import {cpp} from "@codemirror/lang-cpp";

const EXAMPLES = {
  hello: {language: "c", source: `#include <stdio.h>

int main(void) {
    printf("Hello, world!\\n");
    return 0;
}
`},
  class: {language: "cpp", source: `#include <iostream>
#include <string>
#include <vector>

class Greeter {
public:
    explicit Greeter(std::string name) : name_(std::move(name)) {}
    std::string greet() const { return "Hello, " + name_ + "!"; }
private:
    std::string name_;
};

int main() {
    std::vector<Greeter> greeters{Greeter("C++"), Greeter("WebAssembly")};
    for (const auto& g : greeters) std::cout << g.greet() << '\\n';
}
`},
  stdin: {language: "cpp", stdin: "3 4 5\n", source: `#include <iostream>

int main() {
    long sum = 0, n;
    while (std::cin >> n) sum += n;
    std::cout << "sum: " << sum << std::endl;
}
`},
  error: {language: "cpp", source: `#include <iostream>

int main() {
    int answer = 42
    std::cout << answer << std::endl;
}
`},
};
const STORE = "jemception-playground";
const RUN_LIMIT_MS = 10000;

const $ = (id) => document.getElementById(id);
const saved = JSON.parse(localStorage.getItem(STORE) || "null");
const start = saved || {...EXAMPLES.hello, flags: "-O1"};

const view = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: start.source,
    extensions: [
      lineNumbers(), history(), drawSelection(), highlightActiveLine(), indentOnInput(), bracketMatching(),
      syntaxHighlighting(defaultHighlightStyle, {fallback: true}), cpp(), lintGutter(),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab,
        {key: "Mod-Enter", run: () => { compile(); return true; }}]),
      EditorView.contentAttributes.of({"aria-label": "Source code"}),
      EditorView.updateListener.of((u) => { if (u.docChanged) save(); }),
    ],
  }),
});
$("language").value = start.language;
$("flags").value = start.flags ?? "-O1";
$("stdin").value = start.stdin ?? "";

function save() {
  localStorage.setItem(STORE, JSON.stringify({
    source: view.state.doc.toString(), language: $("language").value, flags: $("flags").value, stdin: $("stdin").value,
  }));
}
for (const id of ["language", "flags", "stdin"]) $(id).addEventListener("change", save);

$("example").addEventListener("change", () => {
  const example = EXAMPLES[$("example").value];
  view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: example.source}});
  $("language").value = example.language;
  $("stdin").value = example.stdin ?? "";
  save();
});

fetch("/api/version").then((r) => r.json()).then((v) => {
  $("version").textContent = `Emscripten ${v.emscripten.split(" ")[0]}, ${v.llvm.split(" (")[0]}, binaryen ${v.binaryen.split(" ")[0]}, on ${v.engine.split(" (")[0]}: compiled on the server, run in your browser.`;
}).catch(() => {});

const consolePane = $("console");
function print(text, kind) {
  const span = document.createElement("span");
  if (kind) span.className = kind;
  span.textContent = text + "\n";
  consolePane.append(span);
  consolePane.scrollTop = consolePane.scrollHeight;
}

function showDiagnostics(diagnostics, file) {
  const doc = view.state.doc;
  const inline = [];
  const list = $("diagnostics");
  list.replaceChildren();
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.className = d.severity;
    li.textContent = (d.file ? `${d.file}:${d.line}:${d.column}: ` : "") + `${d.severity}: ${d.message}`;
    li.tabIndex = 0;
    list.append(li);
    if (d.file === file && d.line >= 1 && d.line <= doc.lines) {
      const line = doc.line(d.line);
      // one character at the column; at the end of a line (a missing ';'), the line's last one
      const at = line.from + Math.max(d.column - 1, 0);
      const from = at < line.to ? at : Math.max(line.from, line.to - 1);
      const to = Math.min(from + 1, line.to);
      inline.push({from, to, severity: d.severity === "note" ? "info" : d.severity, message: d.message});
      const go = () => { view.dispatch({selection: {anchor: from}, scrollIntoView: true}); view.focus(); };
      li.addEventListener("click", go);
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
    }
  }
  view.dispatch(setDiagnostics(view.state, inline));
}

let worker = null;
async function compile() {
  const button = $("compile");
  if (button.disabled) return;
  button.disabled = true;
  worker?.terminate();
  consolePane.replaceChildren();
  const c = $("language").value === "c";
  const file = c ? "main.c" : "main.cpp";
  const flags = $("flags").value.trim().split(/\s+/).filter(Boolean);
  const started = performance.now();
  $("status").textContent = "compiling…";
  try {
    const response = await fetch("/api/compile", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({files: {[file]: view.state.doc.toString()}, args: [c ? "emcc" : "em++", file, ...flags, "-o", "main.js"]}),
    });
    const result = await response.json();
    if (!response.ok && !("exitCode" in result)) {
      showDiagnostics([], file);
      $("status").textContent = `refused (${response.status})`;
      print(result.error, "stderr");
      return;
    }
    showDiagnostics(result.diagnostics, file);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.exitCode !== 0) {
      $("status").textContent = `compile failed (exit code ${result.exitCode}, ${seconds} s)`;
      print(result.stderr, "stderr");
      return;
    }
    const compiled = `compiled in ${seconds} s${result.cached ? " (cached)" : ""}`;
    $("status").textContent = `${compiled}; running…`;
    run(result.outputs["main.js"], result.outputs["main.wasm"], compiled);
  } catch (e) {
    $("status").textContent = "the server did not answer";
    print(String(e), "stderr");
  } finally {
    button.disabled = false;
  }
}

function run(js, wasm, compiled) {
  worker = new Worker("/static/run-worker.js");
  const current = worker;
  const limit = setTimeout(() => { current.terminate(); print(`[stopped after ${RUN_LIMIT_MS / 1000} s]`, "info"); $("status").textContent = "stopped"; }, RUN_LIMIT_MS);
  current.onmessage = (e) => {
    const m = e.data;
    if (m.type === "stdout" || m.type === "stderr") print(m.text, m.type === "stderr" ? "stderr" : null);
    if (m.type === "exit") {
      clearTimeout(limit);
      print(`[exit code ${m.code}]`, "info");
      $("status").textContent = `${compiled}; ran, exit code ${m.code}`;
      current.terminate();
    }
  };
  current.onerror = (e) => { clearTimeout(limit); print(e.message, "stderr"); $("status").textContent = "the program failed"; };
  current.postMessage({js: new TextDecoder().decode(Uint8Array.from(atob(js), (c) => c.charCodeAt(0))), wasm, stdin: $("stdin").value});
}

$("toolbar").addEventListener("submit", (e) => { e.preventDefault(); compile(); });
