package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.StreamLockedException;
import static dev.foundation.events.internal.log.LogTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void write_thenRead_returnsTheLastContent() {
        Path f = dir.resolve("offsets");
        assertThat(AtomicFiles.read(f)).isEmpty();
        AtomicFiles.write(f, bytes("one"));
        AtomicFiles.write(f, bytes("two"));
        assertThat(AtomicFiles.read(f)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("two")));
        AtomicFiles.write(f, new byte[0]);
        assertThat(AtomicFiles.read(f)).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void read_fallsBackToThePreviousCopy_whenTheFileIsTorn() throws Exception {
        Path f = dir.resolve("snapshot");
        AtomicFiles.write(f, bytes("good old state"));
        AtomicFiles.write(f, bytes("newer state"));
        byte[] raw = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(raw, raw.length - 3));
        assertThat(AtomicFiles.read(f)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("good old state")));
    }

    @Test
    void read_reportsCorruption_whenNoGoodCopyExists() throws Exception {
        Path f = dir.resolve("snapshot");
        AtomicFiles.write(f, bytes("only copy"));
        byte[] raw = Files.readAllBytes(f);
        raw[9] ^= 0x10;
        Files.write(f, raw);
        assertThatThrownBy(() -> AtomicFiles.read(f)).isInstanceOf(CorruptedLogException.class)
                .hasMessageContaining("snapshot").hasMessageContaining("CRC32C");
    }

    @Test
    void read_usesTheCompleteTemporaryFile_whenACrashHitBetweenTheRenames() throws Exception {
        Path f = dir.resolve("offsets");
        AtomicFiles.write(f, bytes("v1"));
        AtomicFiles.write(f, bytes("v2"));
        // simulate: v3 written and forced to offsets.tmp, offsets moved to offsets.prev, crash before the rename
        Path tmp = dir.resolve("offsets.tmp");
        AtomicFiles.write(dir.resolve("scratch"), bytes("v3"));
        Files.move(dir.resolve("scratch"), tmp);
        Files.move(f, dir.resolve("offsets.prev"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(AtomicFiles.read(f)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v3")));
        // a torn temporary file is ignored in favour of the previous copy
        Files.write(tmp, new byte[] {1, 2, 3});
        assertThat(AtomicFiles.read(f)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v2")));
    }

    @Test
    void delete_removesEveryCopy() {
        Path f = dir.resolve("x");
        AtomicFiles.write(f, bytes("1"));
        AtomicFiles.write(f, bytes("2"));
        AtomicFiles.delete(f);
        assertThat(AtomicFiles.read(f)).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void directoryLock_secondAcquire_failsWithClearMessage_andReleaseAllowsItAgain() {
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            assertThat(lock.directory()).isEqualTo(dir);
            assertThatThrownBy(() -> DirectoryLock.acquire(dir)).isInstanceOf(StreamLockedException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("only one process");
        }
        DirectoryLock again = DirectoryLock.acquire(dir);
        again.close();
        again.close();
    }
}
