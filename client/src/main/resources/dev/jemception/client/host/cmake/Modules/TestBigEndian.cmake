# test_big_endian(<variable>) for Emscripten (jemception's own): wasm is little-endian, no probe needed.
function(test_big_endian variable)
  set(${variable} 0 CACHE INTERNAL "Result of TEST_BIG_ENDIAN" FORCE)
endfunction()
