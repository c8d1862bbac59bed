package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any string used as a stream or subscription name, either the name is refused with
 * {@link IllegalArgumentException}, or everything created for it lies inside its own directory under the data
 * directory (checked on the file system after the fact).
 */
class StreamNameProperties {

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> hostile = Arbitraries.of(".", "..", "...", "a/..", "./x", "../x", "x/", "/", "\\", "..\\",
                "a\\..", "\u0000", "a\u0000b", "..\u0000", "~", "$HOME", "%2e%2e", ".%2e", "\u2024\u2024",
                "\uff0e\uff0e", "\u202e", "CON", "nul", "a:b", "_subscriptions", "stream.meta", ".lock", "0",
                "0.dead-letter", "x.tmp", "-", "_");
        Arbitrary<String> pathy = Arbitraries.strings().withChars("./\\\u0000a0_-:~").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> safe = Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMinLength(1)
                .ofMaxLength(6);
        Arbitrary<String> longOnes = Arbitraries.strings().withChars("a.").ofMinLength(195).ofMaxLength(260);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, hostile), net.jqwik.api.Tuple.of(3, pathy), net.jqwik.api.Tuple.of(3, safe),
                net.jqwik.api.Tuple.of(1, anything), net.jqwik.api.Tuple.of(1, unicode),
                net.jqwik.api.Tuple.of(1, longOnes));
    }

    @Property(tries = 150)
    void aStreamName_isRejected_orCreatesFilesOnlyInItsOwnDirectory(@ForAll("names") String name) throws Exception {
        Path root = Files.createTempDirectory("stream-name");
        try {
            Path data = Files.createDirectories(root.resolve("parent").resolve("data"));
            boolean accepted;
            try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
                EventStream<String> s;
                try {
                    s = streams.create(name, StreamSpec.of(String.class)
                            .persistence(Persistence.disk(data).fsync(FsyncPolicy.NEVER)));
                    accepted = true;
                } catch (IllegalArgumentException e) {
                    accepted = false;
                    s = null;
                }
                if (accepted) {
                    s.publish("x").toCompletableFuture().join();
                }
            }
            Path own = accepted ? data.resolve(name).toAbsolutePath().normalize() : null;
            Path deadLetters = accepted ? data.resolve(name + DeadLetter.STREAM_SUFFIX).toAbsolutePath().normalize()
                    : null;
            checkTree(root, data, own, deadLetters, name);
            if (accepted) {
                assertThat(own.getParent()).isEqualTo(data.toAbsolutePath().normalize());
                assertThat(own.getFileName().toString()).isEqualTo(name);
                assertThat(Files.isRegularFile(own.resolve("stream.meta"))).isTrue();
                assertThat(Files.isDirectory(own.resolve("0"))).isTrue();
            }
        } finally {
            deleteTree(root);
        }
    }

    @Property(tries = 150)
    void aSubscriptionName_isRejected_orCreatesFilesOnlyInItsOwnDirectory(@ForAll("names") String name)
            throws Exception {
        Path root = Files.createTempDirectory("subscription-name");
        try {
            Path data = Files.createDirectories(root.resolve("parent").resolve("data"));
            Path streamDir = data.resolve("s").toAbsolutePath().normalize();
            boolean accepted;
            try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
                EventStream<String> s = streams.create("s", StreamSpec.of(String.class)
                        .persistence(Persistence.disk(data).fsync(FsyncPolicy.NEVER)));
                s.publish("x").toCompletableFuture().join();
                try {
                    Subscription sub = s.subscribe(name, SubscriberSpec.<String>builder()
                            .startFrom(StartPosition.EARLIEST).handler(batch -> { }).build());
                    accepted = true;
                    assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                } catch (IllegalArgumentException e) {
                    accepted = false;
                }
            }
            Path subscriptions = streamDir.resolve("_subscriptions");
            boolean subscribed = accepted;
            try (Stream<Path> all = Files.walk(root)) {
                all.map(p -> p.toAbsolutePath().normalize()).forEach(p -> {
                    boolean ok = p.equals(root.toAbsolutePath().normalize()) || p.equals(data.getParent())
                            || p.equals(data) || p.startsWith(data.resolve("s.dead-letter"))
                            || (p.startsWith(streamDir) && !p.startsWith(subscriptions))
                            || p.equals(subscriptions);
                    if (!ok && subscribed) {
                        Path own = subscriptions.resolve(name).toAbsolutePath().normalize();
                        ok = subscribed && p.startsWith(own) && own.getParent().equals(subscriptions)
                                && own.getFileName().toString().equals(name);
                    }
                    if (!ok) {
                        fail("subscription name '%s' (accepted: %s) created %s", name, subscribed, p);
                    }
                });
            }
            if (accepted) {
                assertThat(Files.isRegularFile(subscriptions.resolve(name).resolve("0.offset"))).isTrue();
            }
        } finally {
            deleteTree(root);
        }
    }

    private static void checkTree(Path root, Path data, Path own, Path deadLetters, String name) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        Path d = data.toAbsolutePath().normalize();
        try (Stream<Path> all = Files.walk(root)) {
            all.map(p -> p.toAbsolutePath().normalize()).forEach(p -> {
                boolean ok = p.equals(r) || p.equals(d.getParent()) || p.equals(d)
                        || (own != null && p.startsWith(own) && own.getParent().equals(d))
                        || (deadLetters != null && p.startsWith(deadLetters) && deadLetters.getParent().equals(d));
                if (!ok) {
                    fail("stream name '%s' (accepted: %s) created %s", name, own != null, p);
                }
            });
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
