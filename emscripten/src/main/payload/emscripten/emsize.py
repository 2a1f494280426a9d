#!/usr/bin/env python3
# jemception: llvm-size in sysv format for a .wasm, or for a .js output plus its .wasm, where
# the JavaScript file is reported as one more section named "JS".
import os
import subprocess
import sys

from tools import shared


def main(args):
  files = [a for a in args if not a.startswith('-')]
  if len(files) != 1:
    print('usage: emsize [-format=sysv] FILE.js|FILE.wasm', file=sys.stderr)
    return 1
  target = files[0]
  base, ext = os.path.splitext(target)
  wasm = base + '.wasm' if ext == '.js' else target
  if not os.path.isfile(wasm):
    print(f'emsize: {wasm}: no such file', file=sys.stderr)
    return 1
  result = subprocess.run([shared.llvm_tool_path('llvm-size'), '--format=sysv', wasm],
                          stdout=subprocess.PIPE, text=True)
  if result.returncode != 0:
    return result.returncode
  lines = result.stdout.splitlines()
  if ext == '.js':
    js_size = os.path.getsize(target)
    out = []
    for line in lines:
      fields = line.split()
      if fields and fields[0] == 'Total':
        out.append('JS' + ' ' * 14 + str(js_size).rjust(8) + '        0')
        line = 'Total' + ' ' * 11 + str(int(fields[1]) + js_size).rjust(8)
      out.append(line)
    lines = [line.replace(wasm, target) for line in out]
  print('\n'.join(lines))
  return 0


if __name__ == '__main__':
  sys.exit(main(sys.argv[1:]))
