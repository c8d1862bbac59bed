package dev.foundation.analytics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The process's resources as meters, for budgets and pipelines: heap, CPU, threads, open file descriptors, free disk
 * space per path, and bytes read from and written to disk (from {@code /proc/self/io} where the system has it).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th></tr>
 *   <tr><td>{@value #HEAP_USED}</td><td>gauge</td><td>bytes</td></tr>
 *   <tr><td>{@value #HEAP_MAX}</td><td>gauge</td><td>bytes (NaN if undefined)</td></tr>
 *   <tr><td>{@value #CPU_PROCESS}</td><td>gauge</td><td>fraction of all cores, 0..1 (NaN if unknown)</td></tr>
 *   <tr><td>{@value #THREADS}</td><td>gauge</td><td>live threads</td></tr>
 *   <tr><td>{@value #OPEN_FILES}</td><td>gauge</td><td>open file descriptors (NaN if unknown)</td></tr>
 *   <tr><td>{@value #DISK_FREE}</td><td>gauge, tag {@code path}</td><td>bytes usable</td></tr>
 *   <tr><td>{@value #DISK_READ}, {@value #DISK_WRITTEN}</td><td>function counters</td><td>bytes (Linux only)</td></tr>
 * </table>
 */
public final class ResourceMonitor implements MeterBinder {

    /** Heap in use. */
    public static final String HEAP_USED = "foundation.analytics.resource.heap.used";
    /** Largest heap. */
    public static final String HEAP_MAX = "foundation.analytics.resource.heap.max";
    /** The process's CPU load. */
    public static final String CPU_PROCESS = "foundation.analytics.resource.cpu.process";
    /** Live threads. */
    public static final String THREADS = "foundation.analytics.resource.threads";
    /** Open file descriptors. */
    public static final String OPEN_FILES = "foundation.analytics.resource.files.open";
    /** Usable disk space under a path. */
    public static final String DISK_FREE = "foundation.analytics.resource.disk.free";
    /** Bytes the process read from storage. */
    public static final String DISK_READ = "foundation.analytics.resource.disk.read";
    /** Bytes the process wrote to storage. */
    public static final String DISK_WRITTEN = "foundation.analytics.resource.disk.written";

    private static final Path PROC_IO = Path.of("/proc/self/io");
    private static final Path PROC_FD = Path.of("/proc/self/fd");

    private final List<Path> diskPaths;

    /**
     * A monitor of the process, with free space reported for the given paths.
     *
     * @param diskPaths directories whose file system's free space to report (e.g. the data directory)
     */
    public ResourceMonitor(Path... diskPaths) {
        Objects.requireNonNull(diskPaths, "diskPaths");
        this.diskPaths = List.of(diskPaths);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Gauge.builder(HEAP_USED, memory, m -> m.getHeapMemoryUsage().getUsed()).baseUnit("bytes")
                .description("heap in use").register(registry);
        Gauge.builder(HEAP_MAX, memory, m -> {
            long max = m.getHeapMemoryUsage().getMax();
            return max < 0 ? Double.NaN : max;
        }).baseUnit("bytes").description("largest heap").register(registry);
        Gauge.builder(CPU_PROCESS, os, ResourceMonitor::processCpu).description("the process's CPU load, 0..1")
                .register(registry);
        Gauge.builder(THREADS, threads, ThreadMXBean::getThreadCount).description("live threads").register(registry);
        Gauge.builder(OPEN_FILES, os, ResourceMonitor::openFiles).description("open file descriptors").register(registry);
        for (Path p : diskPaths) {
            Gauge.builder(DISK_FREE, p, ResourceMonitor::usable).tag("path", p.toString()).baseUnit("bytes")
                    .description("usable space on the file system of the path").register(registry);
        }
        if (Files.isReadable(PROC_IO) && !Double.isNaN(procIo("read_bytes"))) {
            FunctionCounter.builder(DISK_READ, PROC_IO, p -> procIo("read_bytes")).baseUnit("bytes")
                    .description("bytes the process read from storage").register(registry);
            FunctionCounter.builder(DISK_WRITTEN, PROC_IO, p -> procIo("write_bytes")).baseUnit("bytes")
                    .description("bytes the process wrote to storage").register(registry);
        }
    }

    private static double processCpu(OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            double load = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
            return load < 0 ? Double.NaN : load;
        }
        return Double.NaN;
    }

    private static double openFiles(OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount();
        }
        try (Stream<Path> fds = Files.list(PROC_FD)) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double usable(Path p) {
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double procIo(String field) {
        try {
            for (String line : Files.readAllLines(PROC_IO, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    return Double.parseDouble(line.substring(field.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
