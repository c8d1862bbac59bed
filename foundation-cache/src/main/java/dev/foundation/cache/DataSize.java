package dev.foundation.cache;

/**
 * An amount of bytes, used to bound the disk tier: {@code DataSize.ofMegabytes(512)}.
 *
 * @param bytes the number of bytes, {@code >= 0}
 */
public record DataSize(long bytes) {

    /**
     * Validates the amount.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0 but was " + bytes);
        }
    }

    /**
     * An amount in bytes.
     *
     * @param bytes the number of bytes, {@code >= 0}
     * @return the size
     */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /**
     * An amount in kibibytes (1024 bytes).
     *
     * @param kilobytes the number of kibibytes, {@code >= 0}
     * @return the size
     */
    public static DataSize ofKilobytes(long kilobytes) {
        return new DataSize(Math.multiplyExact(checked("kilobytes", kilobytes), 1024L));
    }

    /**
     * An amount in mebibytes (1024 * 1024 bytes).
     *
     * @param megabytes the number of mebibytes, {@code >= 0}
     * @return the size
     */
    public static DataSize ofMegabytes(long megabytes) {
        return new DataSize(Math.multiplyExact(checked("megabytes", megabytes), 1024L * 1024L));
    }

    /**
     * An amount in gibibytes.
     *
     * @param gigabytes the number of gibibytes, {@code >= 0}
     * @return the size
     */
    public static DataSize ofGigabytes(long gigabytes) {
        return new DataSize(Math.multiplyExact(checked("gigabytes", gigabytes), 1024L * 1024L * 1024L));
    }

    private static long checked(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
        }
        return value;
    }
}
