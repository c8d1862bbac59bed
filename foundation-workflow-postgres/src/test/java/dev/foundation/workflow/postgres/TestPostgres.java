package dev.foundation.workflow.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server the tests of this module use, one per test JVM.
 *
 * <p>With {@code FOUNDATION_TEST_POSTGRES_URL} set (user {@code FOUNDATION_TEST_POSTGRES_USER}, password
 * {@code FOUNDATION_TEST_POSTGRES_PASSWORD}, and {@code FOUNDATION_TEST_POSTGRES_PGCTL} for the restart tests), that
 * server. Without it, an embedded one: the PostgreSQL binaries of {@code io.zonky.test.postgres} are unpacked into
 * a temporary directory, a cluster is initialised there and started on a free port of 127.0.0.1, and stopped and
 * deleted when the JVM exits. PostgreSQL refuses to run as root, so a root JVM runs the server's commands through
 * {@code runuser} as the {@code postgres} user (or {@code nobody} where there is none), which owns the directory.
 * Nothing needs installing: {@code ./mvnw verify} on a fresh clone runs these tests rather than skipping them.
 */
final class TestPostgres {

    /** The superuser of the embedded server (tests use its default database, {@code postgres}). */
    private static final String EMBEDDED_USER = "foundation";

    private static volatile TestPostgres server;

    private final String url;
    private final String user;
    private final String password;
    /** {@code pg_ctl -D <data dir>}, as a shell command prefix, or {@code null} when it is not known. */
    private final String pgCtl;
    /** The user the server runs as when this JVM is root; {@code null} otherwise. */
    private final String runAs;

    private TestPostgres(String url, String user, String password, String pgCtl, String runAs) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.pgCtl = pgCtl;
        this.runAs = runAs;
    }

    /** The server, started on first use. */
    static TestPostgres get() {
        TestPostgres s = server;
        if (s == null) {
            synchronized (TestPostgres.class) {
                s = server;
                if (s == null) {
                    s = start();
                    server = s;
                }
            }
        }
        return s;
    }

    static String url() {
        return get().url;
    }

    static String user() {
        return get().user;
    }

    static String password() {
        return get().password;
    }

    /** Whether the tests can restart the server (an embedded one, or {@code FOUNDATION_TEST_POSTGRES_PGCTL}). */
    static boolean restartable() {
        return get().pgCtl != null;
    }

    /** Restarts the server (fast shutdown: connections are cut) and waits until it accepts connections again. */
    static void restart() throws IOException, InterruptedException {
        TestPostgres s = get();
        if (s.pgCtl == null) {
            throw new IllegalStateException("no pg_ctl known for " + s.url + ": set FOUNDATION_TEST_POSTGRES_PGCTL");
        }
        String dataDir = s.pgCtl.substring(s.pgCtl.indexOf(" -D ") + 4).trim();
        s.shell(s.pgCtl + " -l " + dataDir + "/../restart.log -m fast -w -t 60 restart", Path.of("/tmp"));
    }

    private static TestPostgres start() {
        String url = System.getenv("FOUNDATION_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            String pgCtl = System.getenv("FOUNDATION_TEST_POSTGRES_PGCTL");
            return new TestPostgres(url, envOr("FOUNDATION_TEST_POSTGRES_USER", "postgres"),
                    envOr("FOUNDATION_TEST_POSTGRES_PASSWORD", ""), pgCtl == null || pgCtl.isBlank() ? null : pgCtl,
                    isRoot() ? "postgres" : null);
        }
        try {
            return startEmbedded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL for the tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting an embedded PostgreSQL", e);
        }
    }

    private static TestPostgres startEmbedded() throws IOException, InterruptedException {
        String runAs = isRoot() ? unprivilegedUser() : null;
        Path dir = Files.createTempDirectory("foundation-pg-");
        Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        Path bin = dir.resolve("pg");
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux",
                System.getProperty("os.arch"))) {
            unpack(txz, bin);
        }
        Path run = dir.resolve("run"); // the server's own directory: data, socket, logs
        Files.createDirectories(run);
        if (runAs != null) {
            UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
            Files.setOwner(run, owner);
        }
        Path data = run.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String pgBin = bin.resolve("bin").toString();
        TestPostgres pg = new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", EMBEDDED_USER, "",
                "'" + pgBin + "/pg_ctl' -D '" + data + "'", runAs);
        pg.shell("'" + pgBin + "/initdb' -D '" + data + "' -U " + EMBEDDED_USER + " --auth=trust -E UTF8 --no-instructions",
                run);
        pg.shell(pg.pgCtl + " -l '" + run + "/server.log' -w -t 60 -o \"-h 127.0.0.1 -p " + port + " -k '" + run
                + "' -c max_connections=200\" start", run);
        // A JVM killed without running its shutdown hooks (a surefire fork timeout, destroyForcibly) must not leave
        // a server behind: a detached watchdog stops it and deletes the directory once this JVM is gone.
        new ProcessBuilder("bash", "-c", "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 2;"
                + " done; " + pg.asServerUser(pg.pgCtl + " -m immediate stop") + " >/dev/null 2>&1; rm -rf '" + dir + "'")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.shell(pg.pgCtl + " -m immediate stop", Path.of("/tmp"));
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the JVM is exiting: the directory goes away below either way
            }
            deleteQuietly(dir);
        }, "foundation-test-postgres-stop"));
        return pg;
    }

    /** Runs a shell command as the server's user; fails with the command's output if it exits non-zero. */
    private void shell(String command, Path workDir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (runAs != null) {
            cmd.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        cmd.addAll(List.of("bash", "-c", command));
        Path out = Files.createTempFile("foundation-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after 120 s: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A shell command line that runs {@code command} as the server's user. */
    private String asServerUser(String command) {
        return runAs == null ? command : "runuser -u " + runAs + " -- bash -c \"" + command.replace("\"", "\\\"") + "\"";
    }

    /** Unpacks the binaries' tar.xz, keeping symbolic links and executable bits. */
    private static void unpack(InputStream txz, Path target) throws IOException {
        Files.createDirectories(target);
        List<TarArchiveEntry> links = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path p = target.resolve(e.getName()).normalize();
                if (!p.startsWith(target)) {
                    throw new IOException("entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else if (e.isSymbolicLink() || e.isLink()) {
                    links.add(e);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.copy(tar, p, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(p, permissions(e.getMode()));
                }
            }
        }
        for (TarArchiveEntry e : links) { // after the files they point to
            Path p = target.resolve(e.getName()).normalize();
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            if (e.isSymbolicLink()) {
                Files.createSymbolicLink(p, Path.of(e.getLinkName()));
            } else {
                Files.createLink(p, target.resolve(e.getLinkName()).normalize());
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            out.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return out;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code postgres} if that user exists, else {@code nobody}. */
    private static String unprivilegedUser() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0 ? "postgres" : "nobody";
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort at JVM exit
                }
            });
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
