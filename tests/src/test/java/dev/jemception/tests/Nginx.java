package dev.jemception.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx from the distribution's packages, serving a directory on a loopback port with its
 * WebDAV module accepting PUT: the HTTP cache setup of Bazel's remote-caching documentation.
 * {@code .ci/run} installs nginx when it is missing.
 */
final class Nginx implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
            Path.of("/usr/local/nginx/sbin/nginx"), Path.of("/opt/homebrew/bin/nginx"), Path.of("/usr/local/bin/nginx"));

    final Path data;
    final int port;
    private final Path dir;
    private Process process;

    private Nginx(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** nginx serving {@code dir/data} (made here), started. */
    static Nginx start(Path dir) throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var nginx = new Nginx(dir, port);
        Files.createDirectories(nginx.data);
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/tmp/body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / {
                      root %1$s/data;
                      dav_methods PUT;
                      create_full_put_path on;
                      client_max_body_size 1024m;
                    }
                  }
                }
                """.formatted(dir, port));
        nginx.restart();
        return nginx;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts nginx (again) and waits until it listens. */
    void restart() throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed (the remote cache tests run a real one): apt-get install nginx, as .ci/run does"));
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (var probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out"))
                            + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx does not listen on port " + port);
    }

    /** Stops nginx: the port refuses connections afterwards. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
