#!/usr/bin/env python3
# jemception: llvm-nm, the way emar wraps llvm-ar.
import sys

from tools import shared

if __name__ == '__main__':
  shared.exec_process([shared.LLVM_NM] + sys.argv[1:])
