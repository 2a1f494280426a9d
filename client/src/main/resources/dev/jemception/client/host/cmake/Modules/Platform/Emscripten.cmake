# jemception's CMake toolchain file for Emscripten (written for jemception; it does what Emscripten
# 5.0.7's own toolchain file does, with compilers that are thin jemception clients). `jemception
# emcmake cmake ...` passes it; by hand:
#   cmake -DCMAKE_TOOLCHAIN_FILE=<this directory>/Emscripten.cmake -DCMAKE_CROSSCOMPILING_EMULATOR=<root>/node ...
# <root> (three levels up) holds emcc, em++, emar ... and em-config, scripts that run jemception.

set(CMAKE_SYSTEM_NAME Emscripten)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_CROSSCOMPILING TRUE)
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
# A 32-bit target (some projects read their bitness from here); -DEMSCRIPTEN_SYSTEM_PROCESSOR=... overrides.
if(NOT DEFINED EMSCRIPTEN_SYSTEM_PROCESSOR)
  set(EMSCRIPTEN_SYSTEM_PROCESSOR x86)
endif()
set(CMAKE_SYSTEM_PROCESSOR ${EMSCRIPTEN_SYSTEM_PROCESSOR})
set(CMAKE_SHARED_LIBRARY_SONAME_C_FLAG "-Wl,-soname,")
set(CMAKE_DL_LIBS "")
set(UNIX 1) # Emscripten emulates enough of a Unix for projects' UNIX branches
if(CMAKE_TOOLCHAIN_FILE) # read, so that CMake does not call it unused
endif()

# The root: where this file lies (emranlib.py marks it, as in an Emscripten tree), else $EMSCRIPTEN.
if(NOT DEFINED EMSCRIPTEN_ROOT_PATH)
  get_filename_component(_jem_root "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
  if(EXISTS "${_jem_root}/emranlib.py")
    set(EMSCRIPTEN_ROOT_PATH "${_jem_root}")
  elseif(DEFINED ENV{EMSCRIPTEN} AND NOT "$ENV{EMSCRIPTEN}" STREQUAL "")
    set(EMSCRIPTEN_ROOT_PATH "$ENV{EMSCRIPTEN}")
  else()
    message(FATAL_ERROR "Emscripten.cmake: no emranlib.py beside this toolchain file and EMSCRIPTEN is not set; "
      "run cmake through `jemception emcmake cmake ...`")
  endif()
endif()
get_filename_component(EMSCRIPTEN_ROOT_PATH "${EMSCRIPTEN_ROOT_PATH}" ABSOLUTE)
list(APPEND CMAKE_MODULE_PATH "${EMSCRIPTEN_ROOT_PATH}/cmake/Modules") # CheckTypeSize, TestBigEndian, FindOpenAL, FindOpenGL

set(CMAKE_C_COMPILER "${EMSCRIPTEN_ROOT_PATH}/emcc")
set(CMAKE_CXX_COMPILER "${EMSCRIPTEN_ROOT_PATH}/em++")
set(CMAKE_AR "${EMSCRIPTEN_ROOT_PATH}/emar")
set(CMAKE_RANLIB "${EMSCRIPTEN_ROOT_PATH}/emranlib")
set(CMAKE_NM "${EMSCRIPTEN_ROOT_PATH}/emnm")
foreach(_jem_lang C CXX)
  set(CMAKE_${_jem_lang}_COMPILER_AR "${CMAKE_AR}")
  set(CMAKE_${_jem_lang}_COMPILER_RANLIB "${CMAKE_RANLIB}")
endforeach()
set(CMAKE_CXX_COMPILER_CLANG_SCAN_DEPS "${EMSCRIPTEN_ROOT_PATH}/emscan-deps")

# What emcc -v and em-config CACHE say, asked once per build tree: try_compile projects read this
# file again and get the answers through CMAKE_TRY_COMPILE_PLATFORM_VARIABLES instead of asking
# again (dozens of calls in a configure otherwise).
if(NOT EMSCRIPTEN_VERSION OR NOT _JEMCEPTION_CLANG_VERSION)
  execute_process(COMMAND "${CMAKE_C_COMPILER}" -v RESULT_VARIABLE _jem_result ERROR_VARIABLE _jem_output OUTPUT_QUIET)
  if(NOT _jem_result EQUAL 0)
    message(FATAL_ERROR "'${CMAKE_C_COMPILER}' -v failed (exit code ${_jem_result}):\n${_jem_output}")
  endif()
  if(NOT _jem_output MATCHES "emcc \\(.*\\) ([0-9.]+)")
    message(FATAL_ERROR "no Emscripten version in what '${CMAKE_C_COMPILER}' -v printed:\n${_jem_output}")
  endif()
  set(EMSCRIPTEN_VERSION "${CMAKE_MATCH_1}" CACHE INTERNAL "Emscripten's version (emcc -v)")
  if(NOT _jem_output MATCHES "clang version ([0-9.]+)")
    message(FATAL_ERROR "no clang version in what '${CMAKE_C_COMPILER}' -v printed:\n${_jem_output}")
  endif()
  set(_JEMCEPTION_CLANG_VERSION "${CMAKE_MATCH_1}" CACHE INTERNAL "clang's version (emcc -v)")
endif()
if(NOT _JEMCEPTION_EMSCRIPTEN_CACHE)
  execute_process(COMMAND "${EMSCRIPTEN_ROOT_PATH}/em-config" CACHE RESULT_VARIABLE _jem_result
    OUTPUT_VARIABLE _jem_output OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _jem_result EQUAL 0)
    message(FATAL_ERROR "'${EMSCRIPTEN_ROOT_PATH}/em-config' CACHE failed (exit code ${_jem_result})")
  endif()
  file(TO_CMAKE_PATH "${_jem_output}" _jem_output)
  set(_JEMCEPTION_EMSCRIPTEN_CACHE "${_jem_output}" CACHE INTERNAL "Emscripten's cache directory (em-config CACHE)")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EMSCRIPTEN_VERSION _JEMCEPTION_CLANG_VERSION _JEMCEPTION_EMSCRIPTEN_CACHE)
set(EMSCRIPTEN_SYSROOT "${_JEMCEPTION_EMSCRIPTEN_CACHE}/sysroot")

# Each compile may see the source and build trees (an #include "../x.h", a -I../include): the
# compile scripts learn them from JEMCEPTION_HOST_ROOTS, also when make or ninja runs later on its own.
set(_jem_roots "${CMAKE_SOURCE_DIR}:${CMAKE_BINARY_DIR}")
set_property(GLOBAL PROPERTY RULE_LAUNCH_COMPILE "env \"JEMCEPTION_HOST_ROOTS=${_jem_roots}\"")
set_property(GLOBAL PROPERTY RULE_LAUNCH_LINK "env \"JEMCEPTION_HOST_ROOTS=${_jem_roots}\"")

# CMake cannot identify emcc by compiling a probe (the probe's strings end up in the .wasm, not in
# the .js CMake reads), so the compilers are declared: clang, GNU-style, of emcc's clang version.
option(EMSCRIPTEN_FORCE_COMPILERS "Declare emcc to CMake instead of letting CMake probe it" ON)
if(EMSCRIPTEN_FORCE_COMPILERS)
  foreach(_jem_lang C CXX)
    set(CMAKE_${_jem_lang}_COMPILER_VERSION "${_JEMCEPTION_CLANG_VERSION}")
    set(CMAKE_${_jem_lang}_COMPILER_ID_RUN TRUE)
    set(CMAKE_${_jem_lang}_COMPILER_FORCED TRUE)
    set(CMAKE_${_jem_lang}_COMPILER_WORKS TRUE)
    set(CMAKE_${_jem_lang}_COMPILER_ID Clang)
    set(CMAKE_${_jem_lang}_COMPILER_FRONTEND_VARIANT GNU)
    set(CMAKE_${_jem_lang}_PLATFORM_ID emscripten)
  endforeach()
  set(CMAKE_C_STANDARD_COMPUTED_DEFAULT 11)
  set(CMAKE_CXX_STANDARD_COMPUTED_DEFAULT 98)
  if(NOT DEFINED CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES)
    set(CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES "${EMSCRIPTEN_SYSROOT}/include")
  endif()
  if(NOT DEFINED CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    set(CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES "${EMSCRIPTEN_SYSROOT}/include" "${EMSCRIPTEN_SYSROOT}/include/c++/v1")
  endif()

  # Forced compilers skip CMake's feature detection: the features clang has, by standard, newest
  # standards where this CMake knows them.
  set(CMAKE_C90_COMPILE_FEATURES c_std_90 c_function_prototypes)
  set(CMAKE_C99_COMPILE_FEATURES c_std_99 c_restrict c_variadic_macros)
  set(CMAKE_C11_COMPILE_FEATURES c_std_11 c_static_assert)
  set(_jem_c_standards 90 99 11)
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.21)
    set(CMAKE_C17_COMPILE_FEATURES c_std_17)
    set(CMAKE_C23_COMPILE_FEATURES c_std_23)
    list(APPEND _jem_c_standards 17 23)
  endif()
  set(CMAKE_CXX98_COMPILE_FEATURES cxx_std_98 cxx_template_template_parameters)
  set(CMAKE_CXX11_COMPILE_FEATURES cxx_std_11 cxx_alias_templates cxx_alignas cxx_alignof cxx_attributes
    cxx_auto_type cxx_constexpr cxx_decltype cxx_decltype_incomplete_return_types
    cxx_default_function_template_args cxx_defaulted_functions cxx_defaulted_move_initializers
    cxx_delegating_constructors cxx_deleted_functions cxx_enum_forward_declarations cxx_explicit_conversions
    cxx_extended_friend_declarations cxx_extern_templates cxx_final cxx_func_identifier
    cxx_generalized_initializers cxx_inheriting_constructors cxx_inline_namespaces cxx_lambdas
    cxx_local_type_template_args cxx_long_long_type cxx_noexcept cxx_nonstatic_member_init cxx_nullptr
    cxx_override cxx_range_for cxx_raw_string_literals cxx_reference_qualified_functions
    cxx_right_angle_brackets cxx_rvalue_references cxx_sizeof_member cxx_static_assert cxx_strong_enums
    cxx_thread_local cxx_trailing_return_types cxx_unicode_literals cxx_uniform_initialization
    cxx_unrestricted_unions cxx_user_literals cxx_variadic_macros cxx_variadic_templates)
  set(CMAKE_CXX14_COMPILE_FEATURES cxx_std_14 cxx_aggregate_default_initializers cxx_attribute_deprecated
    cxx_binary_literals cxx_contextual_conversions cxx_decltype_auto cxx_digit_separators cxx_generic_lambdas
    cxx_lambda_init_captures cxx_relaxed_constexpr cxx_return_type_deduction cxx_variable_templates)
  set(CMAKE_CXX17_COMPILE_FEATURES cxx_std_17)
  set(_jem_cxx_standards 98 11 14 17)
  foreach(_jem_pair "3.12;20" "3.20;23" "3.25;26")
    list(GET _jem_pair 0 _jem_since)
    list(GET _jem_pair 1 _jem_std)
    if(CMAKE_VERSION VERSION_GREATER_EQUAL ${_jem_since})
      set(CMAKE_CXX${_jem_std}_COMPILE_FEATURES cxx_std_${_jem_std})
      list(APPEND _jem_cxx_standards ${_jem_std})
    endif()
  endforeach()
  set(CMAKE_C_COMPILE_FEATURES)
  foreach(_jem_std ${_jem_c_standards})
    list(APPEND CMAKE_C_COMPILE_FEATURES ${CMAKE_C${_jem_std}_COMPILE_FEATURES})
  endforeach()
  set(CMAKE_CXX_COMPILE_FEATURES)
  foreach(_jem_std ${_jem_cxx_standards})
    list(APPEND CMAKE_CXX_COMPILE_FEATURES ${CMAKE_CXX${_jem_std}_COMPILE_FEATURES})
  endforeach()
endif()

# Libraries and headers come from Emscripten's sysroot only (the host's /usr is another platform);
# programs (git, python ...) from the host.
list(APPEND CMAKE_FIND_ROOT_PATH "${EMSCRIPTEN_SYSROOT}")
list(APPEND CMAKE_SYSTEM_PREFIX_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
foreach(_jem_kind LIBRARY INCLUDE PACKAGE)
  if(NOT CMAKE_FIND_ROOT_PATH_MODE_${_jem_kind})
    set(CMAKE_FIND_ROOT_PATH_MODE_${_jem_kind} ONLY)
  endif()
endforeach()
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT) # install into the sysroot, where later builds find it
  set(CMAKE_INSTALL_PREFIX "${EMSCRIPTEN_SYSROOT}" CACHE PATH "Install path prefix, prepended onto install directories." FORCE)
endif()
set(ENV{PKG_CONFIG_LIBDIR} "${EMSCRIPTEN_SYSROOT}/local/lib/pkgconfig:${EMSCRIPTEN_SYSROOT}/lib/pkgconfig")

if("${CMAKE_C_FLAGS}" MATCHES "MEMORY64")
  set(_jem_pointer 8)
  set(CMAKE_LIBRARY_ARCHITECTURE wasm64-emscripten)
else()
  set(_jem_pointer 4)
  set(CMAKE_LIBRARY_ARCHITECTURE wasm32-emscripten)
endif()
set(CMAKE_SIZEOF_VOID_P ${_jem_pointer})
set(CMAKE_C_SIZEOF_DATA_PTR ${_jem_pointer})
set(CMAKE_CXX_SIZEOF_DATA_PTR ${_jem_pointer})

if(EMSCRIPTEN_GENERATE_BITCODE_STATIC_LIBRARIES)
  message(FATAL_ERROR "EMSCRIPTEN_GENERATE_BITCODE_STATIC_LIBRARIES: Emscripten's LLVM backend makes .a archives only")
endif()
set(CMAKE_EXECUTABLE_SUFFIX ".js")
set(CMAKE_C_RESPONSE_FILE_LINK_FLAG "@")
set(CMAKE_CXX_RESPONSE_FILE_LINK_FLAG "@")
set(CMAKE_LINK_LIBRARY_USING_WHOLE_ARCHIVE "-Wl,--whole-archive" "<LINK_ITEM>" "-Wl,--no-whole-archive")
set(CMAKE_LINK_LIBRARY_USING_WHOLE_ARCHIVE_SUPPORTED TRUE)
set(EMSCRIPTEN 1 CACHE INTERNAL "Targeting Emscripten")

# What CMake would otherwise compile probes for: known for wasm32.
set(CMAKE_SKIP_COMPATIBILITY_TESTS 1)
foreach(_jem_pair CHAR=1 SHORT=2 UNSIGNED_SHORT=2 INT=4 UNSIGNED_INT=4 LONG=4 UNSIGNED_LONG=4 FLOAT=4 DOUBLE=8)
  string(REPLACE "=" ";" _jem_pair "${_jem_pair}")
  list(GET _jem_pair 0 _jem_type)
  list(GET _jem_pair 1 _jem_size)
  set(CMAKE_SIZEOF_${_jem_type} ${_jem_size})
endforeach()
foreach(_jem_header LIMITS_H UNISTD_H PTHREAD_H SYS_PRCTL_H)
  set(CMAKE_HAVE_${_jem_header} 1)
endforeach()
set(CMAKE_WORDS_BIGENDIAN 0)
set(CMAKE_C_BYTE_ORDER LITTLE_ENDIAN)
set(CMAKE_CXX_BYTE_ORDER LITTLE_ENDIAN)

# em_link_js_library(target a.js ...), em_link_pre_js, em_link_post_js: link these files with
# --js-library / --pre-js / --post-js and relink when they change.
function(_jem_link_files target flag)
  foreach(_jem_list ${ARGN})
    foreach(_jem_file ${_jem_list})
      get_filename_component(_jem_file "${_jem_file}" ABSOLUTE)
      set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${_jem_file}")
      target_link_libraries(${target} "${flag} \"${_jem_file}\"")
    endforeach()
  endforeach()
endfunction()
function(em_link_js_library target)
  _jem_link_files(${target} --js-library ${ARGN})
endfunction()
function(em_link_pre_js target)
  _jem_link_files(${target} --pre-js ${ARGN})
endfunction()
function(em_link_post_js target)
  _jem_link_files(${target} --post-js ${ARGN})
endfunction()
function(em_validate_asmjs_after_build target)
  message(WARNING "em_validate_asmjs_after_build no longer exists (there is no asm.js output)")
endfunction()

# try_run, check_*_runs and ctest run the .js in Node: jemception's (<root>/node), unless given.
if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${EMSCRIPTEN_ROOT_PATH}/node" CACHE FILEPATH "Runs the target's programs")
endif()
if(CMAKE_CROSSCOMPILING_EMULATOR) # read, so that CMake does not call it unused
endif()
