// The reference: Node.js (V8) running the same llvm.core.wasm through YoWASP's own runClang.
// node node-clang.mjs BUNDLE_JS DIR RUNS: hello.cpp -O0 RUNS times, heavy.cpp once at -O0 and once at -O2.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const [bundle, dir, runs] = process.argv.slice(2);
const { runClang } = await import(bundle);
const started = performance.now();

async function time(what, source, opt, from) {
  const files = { [source]: readFileSync(join(dir, source)) };
  const out = await runClang(['clang++', '--target=wasm32-wasip1', opt, '-c', source, '-o', 'out.o'], files,
    { stderr: (bytes) => bytes && process.stderr.write(bytes), fetchProgress: () => {} });
  const sha = createHash('sha256').update(out['out.o']).digest('hex').slice(0, 16);
  console.log(`node: ${what} ${((performance.now() - from) / 1000).toFixed(1).padStart(6)} s  sha256 ${sha}`);
}

for (let i = 1; i <= Number(runs); i++) {
  await time(`hello.cpp -O0 run ${i}`, 'hello.cpp', '-O0', i === 1 ? started : performance.now());
}
for (const opt of ['-O0', '-O2']) {
  await time(`heavy.cpp ${opt}`, 'heavy.cpp', opt, performance.now());
}
console.log(`node: peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB`);
