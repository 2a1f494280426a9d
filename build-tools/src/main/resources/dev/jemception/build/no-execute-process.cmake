# Included by jemception's in-JVM CMake at a project's first project() call
# (CMAKE_PROJECT_TOP_LEVEL_INCLUDES): that CMake cannot start a process with execute_process
# (CMake does so through libuv, which has no child processes here; build steps, try_compile and
# try_run run through jemception instead), so a project's execute_process stops with this message
# rather than waiting forever.
function(execute_process)
  cmake_parse_arguments(_jemception
    "OUTPUT_QUIET;ERROR_QUIET;OUTPUT_STRIP_TRAILING_WHITESPACE;ERROR_STRIP_TRAILING_WHITESPACE;ECHO_OUTPUT_VARIABLE;ECHO_ERROR_VARIABLE"
    "WORKING_DIRECTORY;TIMEOUT;RESULT_VARIABLE;RESULTS_VARIABLE;OUTPUT_VARIABLE;ERROR_VARIABLE;INPUT_FILE;OUTPUT_FILE;ERROR_FILE;COMMAND_ECHO;ENCODING;COMMAND_ERROR_IS_FATAL"
    "COMMAND" ${ARGN})
  string(REPLACE ";" " " _jemception_command "${_jemception_COMMAND}")
  message(FATAL_ERROR "execute_process(COMMAND ${_jemception_command}): jemception's in-JVM CMake cannot run a "
    "process with execute_process. Configure with the host's cmake instead (install cmake: jemception emcmake "
    "uses it when it is on PATH, or set JEMCEPTION_CMAKE=host).")
endfunction()
