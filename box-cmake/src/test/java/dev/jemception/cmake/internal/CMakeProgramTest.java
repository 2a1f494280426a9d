package dev.jemception.cmake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CMakeProgramTest {
    @Test
    void emcmakesToolchainArgumentIsRecognised() {
        assertThat(CMakeProgram.namesEmscriptensToolchain("-DCMAKE_TOOLCHAIN_FILE=/emsdk/emscripten/cmake/Modules/Platform/Emscripten.cmake")).isTrue();
        assertThat(CMakeProgram.namesEmscriptensToolchain("-DCMAKE_TOOLCHAIN_FILE:FILEPATH=/emsdk/emscripten/./cmake/Modules/Platform/Emscripten.cmake")).isTrue();
        assertThat(CMakeProgram.namesEmscriptensToolchain("-DCMAKE_TOOLCHAIN_FILE=/home/me/my.cmake")).isFalse();
        assertThat(CMakeProgram.namesEmscriptensToolchain("-DOTHER=/emsdk/emscripten/cmake/Modules/Platform/Emscripten.cmake")).isFalse();
    }

    @Test
    void theCommonFileCommandsRunInJavaTheRestInCMake() {
        assertThat(CMakeCommandMode.handles(List.of("-E", "rm", "-f", "x"))).isTrue();
        assertThat(CMakeCommandMode.handles(List.of("-E", "cmake_depends"))).isFalse();
        assertThat(CMakeCommandMode.handles(List.of("--build", "b"))).isFalse();
        assertThat(CMakeCommandMode.handles(List.of("-E"))).isFalse();
    }
}
