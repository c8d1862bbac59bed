package dev.foundation.cache;

/**
 * A tier's storage could not be opened or used at all, for example the disk tier's directory is not
 * writable. Transient failures while the cache runs (a full disk, an unreachable cluster) are not reported
 * this way: the cache degrades and keeps serving, see the module overview.
 */
public class CacheStorageException extends CacheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what could not be opened or used, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public CacheStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
