// Runs an Emscripten program (its main.js and main.wasm) off the page's thread: stdout and stderr
// lines are posted back as they come, stdin is the text the page sent, then the exit code.
self.onmessage = (e) => {
  const {js, wasm, stdin} = e.data;
  const input = new TextEncoder().encode(stdin);
  let next = 0;
  let exited = false;
  const exit = (code) => { if (!exited) { exited = true; postMessage({type: "exit", code}); } };
  self.Module = {
    wasmBinary: Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0)),
    print: (text) => postMessage({type: "stdout", text}),
    printErr: (text) => postMessage({type: "stderr", text}),
    stdin: () => (next < input.length ? input[next++] : null),
    onExit: exit,
    onAbort: () => exit(134),
    postRun: [() => exit(0)],
  };
  importScripts(URL.createObjectURL(new Blob([js], {type: "text/javascript"})));
};
