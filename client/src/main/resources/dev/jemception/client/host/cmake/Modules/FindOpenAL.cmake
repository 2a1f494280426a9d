# find_package(OpenAL) for Emscripten (jemception's own): Emscripten implements OpenAL itself
# (-lopenal), its headers are in the sysroot.
set(OpenAL_FOUND TRUE)
set(OPENAL_FOUND TRUE)
set(OPENAL_INCLUDE_DIR "${EMSCRIPTEN_SYSROOT}/include")
set(OPENAL_LIBRARY "-lopenal")
set(OPENAL_LIB "-lopenal")
list(APPEND CMAKE_INCLUDE_PATH "${OPENAL_INCLUDE_DIR}" "${OPENAL_INCLUDE_DIR}/AL")
mark_as_advanced(OPENAL_LIBRARY OPENAL_INCLUDE_DIR)
