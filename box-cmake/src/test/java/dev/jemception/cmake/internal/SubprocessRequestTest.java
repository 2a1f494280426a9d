package dev.jemception.cmake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubprocessRequestTest {
    @Test
    void readsTheCommandAndTheDirectoryCMakeWrites() {
        String request = "{\"cmd\":\"\\\"/emsdk/ninja/bin/ninja\\\" \\\"-v\\\" \\\"cmTC_1a2b\\\" \\\"a \\\\\\\"b\\\\\\\"\\\"\","
                + "\"cwd\":\"/home/me/build/CMakeFiles/CMakeScratch/TryCompile-x\"}";
        String cmd = SubprocessRequest.field(request, "cmd");
        assertThat(cmd).isEqualTo("\"/emsdk/ninja/bin/ninja\" \"-v\" \"cmTC_1a2b\" \"a \\\"b\\\"\"");
        assertThat(SubprocessRequest.argv(cmd)).containsExactly("/emsdk/ninja/bin/ninja", "-v", "cmTC_1a2b", "a \"b\"");
        assertThat(SubprocessRequest.field(request, "cwd")).isEqualTo("/home/me/build/CMakeFiles/CMakeScratch/TryCompile-x");
        assertThat(SubprocessRequest.field(request, "env")).isEmpty();
    }

    @Test
    void unquotedArgumentsAreRunsOfNonSpaces() {
        assertThat(SubprocessRequest.argv("ninja  --version")).containsExactly("ninja", "--version");
        assertThat(SubprocessRequest.argv("\"\" x")).containsExactly("", "x");
    }
}
