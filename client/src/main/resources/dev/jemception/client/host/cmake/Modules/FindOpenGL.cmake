# find_package(OpenGL) for Emscripten (jemception's own): WebGL through Emscripten's GL and GLU
# libraries (-lGL, -lGLU), headers in the sysroot; also the OpenGL::GL and OpenGL::GLU targets.
set(OPENGL_FOUND TRUE)
set(OPENGL_GLU_FOUND TRUE)
set(OPENGL_XMESA_FOUND FALSE)
set(OPENGL_INCLUDE_DIR "${EMSCRIPTEN_SYSROOT}/include")
set(OPENGL_gl_LIBRARY GL)
set(OPENGL_glu_LIBRARY GLU)
set(OPENGL_LIBRARIES ${OPENGL_gl_LIBRARY} ${OPENGL_glu_LIBRARY})
mark_as_advanced(OPENGL_INCLUDE_DIR OPENGL_gl_LIBRARY OPENGL_glu_LIBRARY)
if(NOT TARGET OpenGL::GL)
  add_library(OpenGL::GL INTERFACE IMPORTED)
  set_target_properties(OpenGL::GL PROPERTIES IMPORTED_LIBNAME "${OPENGL_gl_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${OPENGL_INCLUDE_DIR}")
endif()
if(NOT TARGET OpenGL::GLU)
  add_library(OpenGL::GLU INTERFACE IMPORTED)
  set_target_properties(OpenGL::GLU PROPERTIES IMPORTED_LIBNAME "${OPENGL_glu_LIBRARY}"
    INTERFACE_LINK_LIBRARIES OpenGL::GL)
endif()
