# Included by jemception's in-JVM CMake at a project's first project() call
# (CMAKE_PROJECT_TOP_LEVEL_INCLUDES): that CMake cannot start a process with execute_process
# (CMake does so through libuv, which has no child processes here; build steps, try_compile and
# try_run run through jemception instead), so a project's execute_process stops with this message
# rather than waiting forever.
function(execute_process)
  cmake_parse_arguments(_jemception "" "" "COMMAND" ${ARGN})
  string(REPLACE ";" " " _jemception_command "${_jemception_COMMAND}")
  message(FATAL_ERROR "execute_process(COMMAND ${_jemception_command}): jemception's in-JVM CMake cannot run a "
    "process with execute_process. Configure with the host's cmake instead (install cmake: jemception emcmake "
    "uses it when it is on PATH, or set JEMCEPTION_CMAKE=host).")
endfunction()
