package dev.jemception.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the environment names a remote cache, and what its messages show (never the header). */
class RemoteCacheConfigTest {
    @Test
    void noVariableNoRemote() {
        assertThat(RemoteCache.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void urlWithPrefixHeaderFromAFileAndReadOnly(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "Bearer s3cret\n");
        RemoteCache remote = RemoteCache.fromEnvironment(Map.of(RemoteCache.URL_VARIABLE, "http://cache.example:8080/team/",
                RemoteCache.AUTH_FILE_VARIABLE, token.toString(), RemoteCache.READ_ONLY_VARIABLE, "1")).orElseThrow();
        assertThat(remote.base().toString()).isEqualTo("http://cache.example:8080/team");
        assertThat(remote.authorization()).isEqualTo("Bearer s3cret");
        assertThat(remote.readOnly()).isTrue();
        assertThat(remote.toString()).isEqualTo("http://cache.example:8080/team (read-only)").doesNotContain("s3cret");
    }

    @Test
    void badUrlsAndUnreadableHeaderFilesAreSaidInOneLine(@TempDir Path dir) {
        assertThatThrownBy(() -> RemoteCache.fromEnvironment(Map.of(RemoteCache.URL_VARIABLE, "cache:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https:// URL, not 'cache:8080'");
        assertThatThrownBy(() -> RemoteCache.fromEnvironment(Map.of(RemoteCache.URL_VARIABLE, "http://cache",
                RemoteCache.AUTH_FILE_VARIABLE, dir.resolve("missing").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read " + dir.resolve("missing"));
    }
}
