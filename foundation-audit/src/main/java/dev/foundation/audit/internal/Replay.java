package dev.foundation.audit.internal;

import dev.foundation.audit.AuditException;
import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.PublisherSpec;
import dev.foundation.events.StartPosition;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads a stream's retained events in offset order through its replaying Flow publisher, with a deadline. */
final class Replay {

    private static final int REQUEST = 512;

    private Replay() {
    }

    /**
     * Feeds the events readable now, from an offset on, to a sink until it returns {@code false}.
     *
     * @param stream  the stream
     * @param from    the first offset (clamped to the retained range)
     * @param timeout the longest wait
     * @param sink    gets each event; {@code false} stops the read
     * @throws AuditException if the read fails or times out; an exception thrown by the sink is rethrown
     */
    static void read(EventStream<byte[]> stream, long from, Duration timeout, Predicate<Event<byte[]>> sink) {
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        stream.asPublisher(new PublisherSpec(StartPosition.offset(from), true)).subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;
            private int outstanding;
            private boolean stopped;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                outstanding = REQUEST;
                s.request(REQUEST);
            }

            @Override
            public void onNext(Event<byte[]> event) {
                if (stopped) {
                    return;
                }
                boolean more;
                try {
                    more = sink.test(event);
                } catch (RuntimeException | Error e) {
                    failure[0] = e;
                    more = false;
                }
                if (!more) {
                    stopped = true;
                    subscription.cancel();
                    done.countDown();
                    return;
                }
                if (--outstanding == REQUEST / 2) {
                    outstanding += REQUEST / 2;
                    subscription.request(REQUEST / 2);
                }
            }

            @Override
            public void onError(Throwable t) {
                failure[0] = t;
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AuditException("reading stream '" + stream.name() + "' took longer than " + timeout
                        + ": raise the trail's readTimeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted while reading stream '" + stream.name() + "'", e);
        }
        synchronized (failure) {
            Throwable t = failure[0];
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new AuditException("reading stream '" + stream.name() + "' failed: " + t, t);
            }
        }
    }
}
