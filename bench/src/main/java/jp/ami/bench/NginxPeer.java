package jp.ami.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx as the benchmark's peer: installed from the Debian packages when missing ({@code apt-get install -y
 * nginx}), configured in a temporary prefix with mutual TLS against the same CA and server certificate
 * ({@code ssl_verify_client on}), serving the same files on a loopback port, run in the foreground as a child
 * process and stopped by its process id.
 */
final class NginxPeer implements AutoCloseable {
    private final Process process;
    final int port;
    final String version;

    private NginxPeer(Process process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    static Path binary() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** Installs nginx from the Debian packages unless present; returns the binary. */
    static Path ensureInstalled(java.io.PrintStream log) throws IOException, InterruptedException {
        Path bin = binary();
        if (bin != null) {
            return bin;
        }
        log.println("nginx missing: apt-get install -y nginx");
        if (exec(List.of("apt-get", "install", "-y", "--no-install-recommends", "nginx")) != 0) {
            exec(List.of("apt-get", "update"));
            if (exec(List.of("apt-get", "install", "-y", "--no-install-recommends", "nginx")) != 0) {
                throw new IOException("apt-get install nginx failed");
            }
        }
        bin = binary();
        if (bin == null) {
            throw new IOException("nginx not found after installation");
        }
        // the package's post-install may have started the stock service (port 80): stop that instance, which
        // this installation started, by the pid it recorded
        Path pid = Path.of("/run/nginx.pid");
        if (Files.exists(pid)) {
            long p = Long.parseLong(Files.readString(pid).trim());
            ProcessHandle.of(p).ifPresent(h -> {
                log.println("stopping the nginx service started by the package installation (pid " + p + ")");
                h.destroy();
            });
        }
        return bin;
    }

    private static int exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Writes the configuration and starts nginx; returns once it accepts connections. */
    static NginxPeer start(Path bin, Path prefix, Path pki, Path filesDir, int port, int workers) throws Exception {
        Files.createDirectories(prefix.resolve("tmp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String conf = """
                %s
                worker_processes %d;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s/tmp/body;
                    proxy_temp_path %s/tmp/proxy;
                    fastcgi_temp_path %s/tmp/fastcgi;
                    uwsgi_temp_path %s/tmp/uwsgi;
                    scgi_temp_path %s/tmp/scgi;
                    sendfile on;
                    keepalive_requests 1000000;
                    server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate %s/server.crt.pem;
                        ssl_certificate_key %s/server.key.pem;
                        ssl_client_certificate %s/ca.crt.pem;
                        ssl_verify_client on;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        ssl_session_cache shared:SSL:10m;
                        location = /30min/FileReceiver {
                            if ($arg_file !~ "^W4[0-9]{22}\\.zip$") { return 400; }
                            root %s;
                            try_files /$arg_file =404;
                            default_type application/zip;
                        }
                        location / { return 404; }
                    }
                }
                """.formatted(root ? "user root;" : "", workers, prefix, prefix, prefix, prefix, prefix, prefix, prefix,
                port, pki, pki, pki, filesDir);
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process version = new ProcessBuilder(bin.toString(), "-v").redirectErrorStream(true).start();
        String v = new String(version.getInputStream().readAllBytes()).trim().replace("nginx version: ", "");
        version.waitFor(10, TimeUnit.SECONDS);
        Process p = new ProcessBuilder(bin.toString(), "-p", prefix.toString(), "-c", confFile.toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        NginxPeer peer = new NginxPeer(p, port, v);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return peer;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    peer.close();
                    throw new IOException("nginx did not start: " + Files.readString(prefix.resolve("stdout.log"))
                            + (Files.exists(prefix.resolve("error.log")) ? Files.readString(prefix.resolve("error.log")) : ""));
                }
                p.waitFor(100, TimeUnit.MILLISECONDS); // bounded wait for the listener
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM to the master: fast shutdown of master and workers
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
