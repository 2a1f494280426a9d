#!/usr/bin/env python3
# jemception: llvm-strip, where a .js argument stands for the .wasm next to it.
import os
import sys

from tools import shared


def wasm_for(arg):
  base, ext = os.path.splitext(arg)
  if ext == '.js' and os.path.isfile(base + '.wasm'):
    return base + '.wasm'
  return arg


if __name__ == '__main__':
  shared.exec_process([shared.llvm_tool_path('llvm-strip')] + [wasm_for(a) for a in sys.argv[1:]])
