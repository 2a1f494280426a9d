package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.bench.Bench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jemception bench serve} as CI runs it: 8 clients x 25 compiles against a real server on
 * loopback, a miss per client and hits otherwise; no request may fail (the bench prints the numbers).
 */
class ServeLoadTest {
    @Test
    void eightClientsTimesTwentyFiveRequestsWithoutAnError() {
        var out = new ByteArrayOutputStream();
        int code = Bench.run(List.of("serve", "--clients", "8", "--requests", "25", "--miss-every", "25"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(code).as(report).isZero();
        assertThat(report).contains("requests: 200 in ", "errors: 0; refused (429): 0", "server's peak RSS: ");
    }
}
