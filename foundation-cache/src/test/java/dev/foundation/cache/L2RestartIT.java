package dev.foundation.cache;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codecs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash test: a child JVM writes entries through a cache with an L2 tier and is killed with
 * {@code destroyForcibly()}; a new cache on the same directory serves what the child wrote, and only
 * until each entry's expiry.
 */
class L2RestartIT {

    private static final long START = 1_700_000_000_000L;
    private static final int ENTRIES = 200;

    @TempDir
    Path dir;

    /** The child: writes entries, says READY, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(START), ZoneOffset.UTC);
        TieredCache<String, String> cache = TieredCache.<String, String>builder("restart")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).clock(fixed)
                .l1(L1.maximumSize(10)).l2(L2.disk(directory)).expireAfterWrite(Duration.ofMinutes(10))
                .build();
        for (int i = 0; i < ENTRIES; i++) {
            cache.put("k" + i, "v" + i);
        }
        TieredCache<String, String> shortLived = TieredCache.<String, String>builder("restart-short")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).clock(fixed)
                .l2(L2.disk(directory).expireAfterWrite(Duration.ofMinutes(1))).build();
        shortLived.put("short", "lived");
        System.out.println("READY");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until the parent kills it: never closes the caches
    }

    @Test
    void l2Contents_surviveAKilledProcess_andRespectExpiry() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(L2RestartIT.class.getName());
        command.add(dir.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    ready = true;
                    break;
                }
            }
            assertThat(ready).as("child reported READY").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        MutableClock clock = new MutableClock(START);
        clock.advance(Duration.ofMinutes(5));
        try (TieredCache<String, String> cache = reopen("restart", clock);
             TieredCache<String, String> shortLived = reopen("restart-short", clock)) {
            for (int i = 0; i < ENTRIES; i++) {
                assertThat(cache.getIfPresent("k" + i)).isEqualTo("v" + i);
            }
            assertThat(cache.stats().tier(Tier.L2).hits()).isEqualTo(ENTRIES);
            assertThat(shortLived.getIfPresent("short")).as("its L2 TTL of 1 minute has passed").isNull();
            clock.advance(Duration.ofMinutes(5));
            assertThat(cache.getIfPresent("k0")).as("10 minutes after the write the entry expired").isNull();
        }
    }

    private TieredCache<String, String> reopen(String name, Clock clock) throws IOException {
        return TieredCache.<String, String>builder(name).keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .clock(clock).l1(L1.maximumSize(10)).l2(L2.disk(dir)).build();
    }
}
