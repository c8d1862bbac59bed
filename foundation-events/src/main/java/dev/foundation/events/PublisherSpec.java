package dev.foundation.events;

import java.util.Objects;

/**
 * How {@link EventStream#asPublisher(PublisherSpec)} feeds a {@link java.util.concurrent.Flow.Subscriber}:
 * where it starts, and whether it completes once it has caught up.
 *
 * @param startFrom    where each partition starts
 * @param completeAtEnd {@code true}: the Flow subscriber receives every event readable when it subscribed,
 *                     then {@code onComplete} (a finite replay); {@code false}: it follows the stream live
 *                     and completes when the stream closes
 */
public record PublisherSpec(StartPosition startFrom, boolean completeAtEnd) {

    /** Live from {@link StartPosition#LATEST}, completing when the stream closes. */
    public static final PublisherSpec LIVE = new PublisherSpec(StartPosition.LATEST, false);

    /** Every readable event from {@link StartPosition#EARLIEST}, then {@code onComplete}. */
    public static final PublisherSpec REPLAY = new PublisherSpec(StartPosition.EARLIEST, true);

    /**
     * Checks the components.
     *
     * @param startFrom     the start position
     * @param completeAtEnd whether to complete once caught up
     */
    public PublisherSpec {
        Objects.requireNonNull(startFrom, "startFrom");
    }
}
