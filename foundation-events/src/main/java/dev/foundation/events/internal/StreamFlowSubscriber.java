package dev.foundation.events.internal;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Flow.Subscriber} publishing into a stream. Demand follows the stream's free buffer space: it
 * requests up to the free space, at least one, and requests again when what it asked for has arrived. A
 * publish that fails (the stream closed, or a {@link dev.foundation.events.BackpressureException} under
 * {@code FAIL}) cancels the upstream subscription and is logged.
 *
 * @param <T> the value type
 */
final class StreamFlowSubscriber<T> implements Flow.Subscriber<T> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFlowSubscriber.class);

    private final StreamImpl<T> stream;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private Flow.Subscription upstream;
    private long outstanding;
    private boolean done;

    StreamFlowSubscriber(StreamImpl<T> stream) {
        this.stream = stream;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        if (!subscribed.compareAndSet(false, true)) {
            subscription.cancel(); // rule 2.5: one source only
            return;
        }
        upstream = subscription;
        requestMore();
    }

    private void requestMore() {
        long n = Math.max(1, Math.min(stream.freeCapacity(), stream.spec().bufferSize()));
        outstanding += n;
        upstream.request(n);
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item");
        if (done) {
            return;
        }
        outstanding--;
        try {
            stream.publish(item);
        } catch (RuntimeException e) {
            done = true;
            LOG.error("publishing into stream '{}' from a Flow source failed; cancelling the source", stream.name(), e);
            upstream.cancel();
            return;
        }
        if (outstanding == 0) {
            requestMore();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        done = true;
        LOG.warn("the Flow source publishing into stream '{}' failed", stream.name(), throwable);
    }

    @Override
    public void onComplete() {
        done = true;
        LOG.debug("the Flow source publishing into stream '{}' completed", stream.name());
    }
}
