package dev.foundation.examples.showcase;

import java.nio.file.Path;

/**
 * The command line: {@code [--orders N] [--data-dir DIR] [--port P] [--serve]}.
 *
 * @param orders  how many orders the data directory should hold when the run ends (default 1,000)
 * @param dataDir where every file lives (default {@code ./data/showcase})
 * @param port    the HTTP port on 127.0.0.1 (default 0: any free port)
 * @param serve   keep running (placing orders) until stopped
 */
record ShowcaseOptions(int orders, Path dataDir, int port, boolean serve) {

    static final int DEFAULT_ORDERS = 1_000;
    static final Path DEFAULT_DATA_DIR = Path.of("data", "showcase");

    static final String USAGE = "usage: showcase [--orders N] [--data-dir DIR] [--port P] [--serve]";

    ShowcaseOptions {
        if (orders < 0) {
            throw new IllegalArgumentException("--orders must be >= 0 but was " + orders + "; " + USAGE);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535 but was " + port + "; " + USAGE);
        }
    }

    static ShowcaseOptions parse(String... args) {
        int orders = DEFAULT_ORDERS;
        Path dir = DEFAULT_DATA_DIR;
        int port = 0;
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--orders" -> orders = integer(a, value(args, ++i, a));
                case "--data-dir" -> dir = Path.of(value(args, ++i, a));
                case "--port" -> port = integer(a, value(args, ++i, a));
                case "--serve" -> serve = true;
                case "" -> { } // an empty -Dexample.args
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'; " + USAGE);
            }
        }
        return new ShowcaseOptions(orders, dir.toAbsolutePath().normalize(), port, serve);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number but was '" + value + "'; " + USAGE, e);
        }
    }
}
