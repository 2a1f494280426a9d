package dev.jemception.tests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Daemons the tests start the way the launcher does: from {@code daemon.args} in their directory. */
final class TestDaemons {
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String CLASSPATH = System.getProperty("java.class.path");

    private TestDaemons() {}

    /**
     * Writes {@code dir/daemon.args}: a daemon of this build's class path with the flags this test
     * JVM runs with (the project's JVM flags), which a client started on {@code dir} starts.
     */
    static void describe(Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of(JAVA));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc"))
                .forEach(args::add);
        args.addAll(List.of("-cp", CLASSPATH, "dev.jemception.daemon.Daemon", dir.resolve("daemon.sock").toString()));
        Files.write(dir.resolve("daemon.args"), args);
    }
}
