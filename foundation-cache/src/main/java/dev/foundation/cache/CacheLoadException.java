package dev.foundation.cache;

/**
 * The loader failed for a key. Nothing was cached for that key (unless negative caching is enabled, in
 * which case the same failure is reported again until its short TTL ends, without calling the loader).
 * The loader's own exception is the {@link #getCause() cause}.
 */
public class CacheLoadException extends CacheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, naming the cache and the key
     * @param cause   the loader's exception
     */
    public CacheLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
