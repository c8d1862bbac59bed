package dev.foundation.events.internal;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.StreamLockedException;
import dev.foundation.events.internal.log.LogCorruptedException;
import dev.foundation.events.internal.log.LogException;
import dev.foundation.events.internal.log.LogLockedException;
import java.util.concurrent.CompletionException;

/** Turns the log layer's exceptions into the public ones. */
final class StorageErrors {

    private StorageErrors() {
    }

    static RuntimeException translate(Throwable error, String what) {
        return translate(error, what, "");
    }

    /**
     * Translates {@code error} into the public exception whose message is {@code what: <cause message><advice>}.
     *
     * @param error  the failure, possibly wrapped in {@link CompletionException}s
     * @param what   what failed, where
     * @param advice appended to the message of a storage failure (what the caller can do), or empty
     * @return the public exception
     */
    static RuntimeException translate(Throwable error, String what, String advice) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof LogLockedException) {
            return new StreamLockedException(what + ": " + e.getMessage(), e);
        }
        if (e instanceof LogCorruptedException) {
            return new CorruptedLogException(what + ": " + e.getMessage(), e);
        }
        if (e instanceof LogException) {
            return new EventStorageException(what + ": " + e.getMessage() + advice, e);
        }
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        return new EventStorageException(what + ": " + e + advice, e);
    }
}
