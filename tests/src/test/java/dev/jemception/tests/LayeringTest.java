package dev.jemception.tests;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module layering, checked on the compiled classes of every module on this class path: vfs at
 * the bottom, runtime-core on it only; a module's {@code internal} package is its own; nothing at
 * run time reaches build-tools or Chicory's compiler; only the command (demo-cli) depends on the
 * CLI, the daemon and the bench.
 */
class LayeringTest {
    /** Not the classes Chicory generated from wasm (hundreds of MB): they reach only Chicory's runtime. */
    private static final Pattern GENERATED = Pattern.compile(".*/internal/[\\w$]*Machine[\\w$]*\\.class");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.matches(GENERATED))
            .importPackages("dev.jemception");

    @Test
    void theClassesOfEveryModuleAreHere() {
        for (String pkg : List.of("vfs", "runtime", "packs", "engine", "build", "emscripten", "llvm", "binaryen",
                "closure", "cmake", "ninja", "python", "node", "api", "client", "daemon", "bench", "serve", "cli", "maven")) {
            assertThat(CLASSES.containPackage("dev.jemception." + pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void vfsDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.jemception.vfs..")
                .should().dependOnClassesThat(resideInAPackage("dev.jemception..")
                        .and(resideOutsideOfPackage("dev.jemception.vfs..")))
                .check(CLASSES);
    }

    @Test
    void runtimeCoreDependsOnVfsOnly() {
        noClasses().that().resideInAPackage("dev.jemception.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jemception.packs..", "dev.jemception.engine..",
                        "dev.jemception.build..", "dev.jemception.emscripten..", "dev.jemception.llvm..",
                        "dev.jemception.binaryen..", "dev.jemception.closure..", "dev.jemception.cmake..", "dev.jemception.ninja..",
                        "dev.jemception.python..", "dev.jemception.node..", "dev.jemception.api..",
                        "dev.jemception.client..", "dev.jemception.cli..", "dev.jemception.maven..")
                .check(CLASSES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vfs", "runtime", "packs", "engine", "api", "llvm", "binaryen", "closure", "cmake", "ninja", "python", "node"})
    void anInternalPackageIsUsedByItsOwnModuleOnly(String module) {
        String base = "dev.jemception." + module;
        noClasses().that().resideOutsideOfPackage(base + "..")
                .should().dependOnClassesThat().resideInAPackage(base + ".internal..")
                .check(CLASSES);
    }

    @Test
    void nothingAtRunTimeUsesBuildTimeCode() {
        noClasses().that().resideOutsideOfPackage("dev.jemception.build..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jemception.build..",
                        "com.dylibso.chicory.compiler..", "org.objectweb.asm..")
                .check(CLASSES);
    }

    @Test
    void theRuntimeClassPathHoldsNoBuildTimeJar() throws IOException {
        // demo-cli's class path (what the launcher, the daemon and the Maven plugin run with)
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/jemception/classpath")) {
            assertThat(in).as("demo-cli's META-INF/jemception/classpath").isNotNull();
            List<String> jars = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":"));
            assertThat(jars).contains("lib/jemception-runtime-core-0.1.0-SNAPSHOT.jar")
                    .noneMatch(jar -> jar.contains("jemception-build-tools") || jar.matches("lib/compiler-\\d.*")
                            || jar.startsWith("lib/asm"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cli", "daemon", "bench"})
    void onlyTheCommandDependsOnTheCliTheDaemonAndTheBench(String module) {
        // the daemon, the Maven plugin's in-process mode and the Java API run commands through api's Commands
        noClasses().that().resideOutsideOfPackages("dev.jemception.cli..", "dev.jemception." + module + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.jemception." + module + "..")
                .check(CLASSES);
    }
}
