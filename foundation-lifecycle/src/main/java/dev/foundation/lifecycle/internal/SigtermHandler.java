package dev.foundation.lifecycle.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the JVM's SIGTERM handler through {@code sun.misc.Signal} (module {@code jdk.unsupported}),
 * reflectively so the module compiles without internal-API warnings and still loads where it is missing.
 */
final class SigtermHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SigtermHandler.class);

    private final Method handle;
    private final Object signal;
    private final Object previous;

    private SigtermHandler(Method handle, Object signal, Object previous) {
        this.handle = handle;
        this.signal = signal;
        this.previous = previous;
    }

    /** Installs {@code onSignal} as the SIGTERM handler; returns {@code null} (and logs why) if it cannot. */
    static SigtermHandler install(Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("TERM");
            Object handler = Proxy.newProxyInstance(SigtermHandler.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "handle":
                                onSignal.run();
                                return null;
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "equals":
                                return proxy == args[0];
                            case "toString":
                                return "foundation-lifecycle SIGTERM handler";
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handle.invoke(null, signal, handler);
            return new SigtermHandler(handle, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("cannot handle SIGTERM ({}); a JVM shutdown hook still closes the lifecycle, exit status 143",
                    Errors.describe(e));
            return null;
        }
    }

    /** Puts the previous handler back. */
    void restore() {
        try {
            handle.invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot restore the previous SIGTERM handler: {}", Errors.describe(e));
        }
    }
}
