#!/usr/bin/env python3
# jemception: prints one setting of the Emscripten configuration, e.g. `em-config CACHE`.
import sys

from tools import config


def main(args):
  if len(args) != 1 or not args[0].isidentifier() or not hasattr(config, args[0]):
    print('usage: em-config VAR_NAME', file=sys.stderr)
    return 1
  print(getattr(config, args[0]))
  return 0


if __name__ == '__main__':
  sys.exit(main(sys.argv[1:]))
