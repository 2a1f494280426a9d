package dev.jemception.ninja.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    static Graph parse(Map<String, String> files) {
        var graph = new Graph();
        new ManifestParser(graph, files::get).parse("build.ninja", new Scope(null));
        return graph;
    }

    @Test
    void variablesAreScopedAndRuleBindingsEvaluatedPerEdge() {
        Graph g = parse(Map.of("build.ninja", """
                # a comment
                cflags = -O1
                cflags = $cflags -g
                rule cc
                  command = cc ${cflags} $extra -c $in -o $out
                  description = CC $out
                build a.o: cc a.c | a.h || gen
                  extra = -DA
                build b$ c.o: cc b.c
                build all: phony a.o b$ c.o
                default all
                """));
        Graph.Edge a = g.existingNode("a.o").inEdge;
        assertThat(a.binding("command")).isEqualTo("cc -O1 -g -DA -c a.c -o a.o");
        assertThat(a.binding("description")).isEqualTo("CC a.o");
        assertThat(a.dependencies()).extracting(n -> n.path).containsExactly("a.c", "a.h");
        assertThat(a.inputs).extracting(n -> n.path).containsExactly("a.c", "a.h", "gen"); // gen: order-only
        assertThat(g.existingNode("b c.o").inEdge.binding("command")).isEqualTo("cc -O1 -g  -c b.c -o 'b c.o'");
        assertThat(g.defaults).extracting(n -> n.path).containsExactly("all");
    }

    @Test
    void escapesContinuationsIncludeAndSubninja() {
        Graph g = parse(Map.of("build.ninja", """
                root = top
                include rules.ninja
                build x$:y: echo $
                    in1 ./sub/../in2
                subninja sub.ninja
                """, "rules.ninja", """
                rule echo
                  command = echo $root $$HOME $in > $out
                """, "sub.ninja", """
                root = child
                build z: echo in3
                """));
        Graph.Edge x = g.existingNode("x:y").inEdge;
        assertThat(x.binding("command")).isEqualTo("echo top $HOME in1 in2 > x:y");
        assertThat(g.existingNode("z").inEdge.binding("command")).isEqualTo("echo child $HOME in3 > z");
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThatThrownBy(() -> parse(Map.of("build.ninja", "rule cc\n  command = cc\nbuild a: nope b\n")))
                .hasMessage("build.ninja:3: unknown build rule 'nope'");
        assertThatThrownBy(() -> parse(Map.of("build.ninja", "x = $(y)\n")))
                .hasMessage("build.ninja:1: bad $-escape (literal $ must be written as $$)");
        assertThatThrownBy(() -> parse(Map.of("build.ninja", "rule r\n  command = c\nbuild a: r\nbuild a: r\n")))
                .hasMessage("build.ninja:4: multiple rules generate a");
        assertThatThrownBy(() -> parse(Map.of("build.ninja", "rule r\n  command = c\nbuild : r\n")))
                .hasMessage("build.ninja:3: expected a path");
    }

    @Test
    void pathsAreCanonical() {
        assertThat(Graph.canonical("./a/./b/../c")).isEqualTo("a/c");
        assertThat(Graph.canonical("../x/../y")).isEqualTo("../y");
        assertThat(Graph.canonical("/abs//dir/")).isEqualTo("/abs/dir");
    }
}
