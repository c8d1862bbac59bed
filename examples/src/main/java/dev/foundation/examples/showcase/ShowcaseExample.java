package dev.foundation.examples.showcase;

import dev.foundation.examples.Example;

/**
 * The showcase: an order-processing application composing all six modules (config, lifecycle, events, cache,
 * coordination, workflow) with Prometheus metrics, on embedded defaults (a Hazelcast member on 127.0.0.1,
 * SQLite files, a data directory).
 */
public final class ShowcaseExample implements Example {

    /** Creates the example (found by the launcher through {@link java.util.ServiceLoader}). */
    public ShowcaseExample() {
    }

    @Override
    public String name() {
        return "showcase";
    }

    @Override
    public String description() {
        return "order processing with all six modules: config, lifecycle, events, cache, coordination, workflow"
                + " (+ Prometheus); [--orders N] [--data-dir DIR] [--port P] [--serve]";
    }

    @Override
    public void checkArguments(String[] args) {
        ShowcaseOptions.parse(args);
    }

    @Override
    public void run(String[] args) throws Exception {
        ShowcaseOptions options = ShowcaseOptions.parse(args);
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the showcase prints its own story
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.com.hazelcast.instance.impl.HazelcastInstanceFactory") == null) {
            // its advice to add --add-opens flags for speed is noise for a first run
            System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast.instance.impl.HazelcastInstanceFactory", "error");
        }
        // route Hazelcast's and Hibernate Validator's start-up logging through SLF4J too (not java.util.logging)
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        Showcase showcase = new Showcase(options, System.out);
        showcase.run();
        if (options.serve()) {
            showcase.awaitShutdown();
        }
    }
}
