# jemception's entry point for the python command: runs a script, `-c` code or a `-m` module as
# CPython's launcher would and returns the exit status. Where GraalPy's Java POSIX layer cannot do
# what CPython does, this adapts the standard library:
# - os.exec* cannot replace a JVM: it runs the new program as a child process and exits with its status;
# - select() on pipes needs host socket access, which a sandbox must not grant: Popen.communicate
#   reads the child's pipes with threads instead (as CPython does on Windows);
# - directories cannot be opened as files: shutil.rmtree walks paths instead of directory fds.
import os
import runpy
import shutil
import subprocess
import sys
import threading
import traceback


def _exec_as_child(file, args, env=None):
  sys.stdout.flush()
  sys.stderr.flush()
  raise SystemExit(subprocess.call([file] + list(args)[1:], env=env))


os.execv = lambda path, args: _exec_as_child(path, args)
os.execve = lambda path, args, env: _exec_as_child(path, args, env)
os.execvp = lambda file, args: _exec_as_child(file, args)
os.execvpe = lambda file, args, env: _exec_as_child(file, args, env)


def _communicate(self, input, endtime, orig_timeout):
  if not hasattr(self, '_jemception_readers'):
    self._jemception_output = {}

    def read_all(name, stream):
      self._jemception_output[name] = stream.read()
      stream.close()

    self._jemception_readers = []
    for name in ('stdout', 'stderr'):
      stream = getattr(self, name)
      if stream:
        reader = threading.Thread(target=read_all, args=(name, stream), daemon=True)
        reader.start()
        self._jemception_readers.append(reader)
    if self.stdin:
      try:
        if input:
          self.stdin.write(input)
        self.stdin.close()
      except BrokenPipeError:
        pass
  for reader in self._jemception_readers:
    reader.join(self._remaining_time(endtime))
    if reader.is_alive():
      raise subprocess.TimeoutExpired(self.args, orig_timeout)
  self.wait(timeout=self._remaining_time(endtime))
  return (self._jemception_output.get('stdout'), self._jemception_output.get('stderr'))


subprocess.Popen._communicate = _communicate
shutil._use_fd_functions = False


def _run(mode, target, argv, prelude=None, locks=None):
  """prelude: code run first, with the script's directory on sys.path (jemception's Emscripten guards);
  locks: the host's real file locks, for the prelude."""
  sys.argv = list(argv)
  try:
    if mode == 'script':
      sys.path.insert(0, os.path.dirname(os.path.abspath(target)))
      if prelude:
        exec(compile(prelude, '<jemception prelude>', 'exec'), {'__name__': '__jemception__', 'jemception_locks': locks})
      runpy.run_path(target, run_name='__main__')
    elif mode == 'module':
      sys.path.insert(0, os.getcwd())
      runpy.run_module(target, run_name='__main__', alter_sys=True)
    else:
      sys.path.insert(0, '')
      exec(compile(target, '<string>', 'exec'), {'__name__': '__main__', '__builtins__': __builtins__})
    return 0
  except SystemExit as e:
    if e.code is None:
      return 0
    if isinstance(e.code, int):
      return e.code
    print(e.code, file=sys.stderr)
    return 1
  except BaseException:
    traceback.print_exc()
    return 1
  finally:
    sys.stdout.flush()
    sys.stderr.flush()


_run
