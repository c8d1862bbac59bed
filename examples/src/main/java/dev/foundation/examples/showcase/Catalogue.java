package dev.foundation.examples.showcase;

import java.util.SplittableRandom;

/**
 * The deterministic parts of the simulation: product and customer names, and what order number {@code n}
 * contains, so a restarted run places exactly the orders a crashed one did not.
 */
final class Catalogue {

    /** Customers placing orders. */
    static final int CUSTOMERS = 60;

    private Catalogue() {
    }

    static String sku(int index) {
        return String.format("sku-%04d", index);
    }

    static String productName(int index) {
        String[] things = {"kettle", "teapot", "mug", "grinder", "scale", "filter", "tin", "tray", "cup", "jug"};
        String[] kinds = {"steel", "glass", "ceramic", "copper", "oak", "enamel"};
        return kinds[index % kinds.length] + " " + things[(index / kinds.length) % things.length] + " #" + index;
    }

    static String customer(int index) {
        return String.format("cust-%02d", index);
    }

    /** What order {@code seq} buys: a skewed choice of product (a few are hot), a customer and a quantity. */
    record Line(String customer, String sku, int quantity) {
    }

    static Line line(int seq, int products, int maxQuantity) {
        SplittableRandom r = new SplittableRandom(0x5EED_0000L + seq);
        double u = r.nextDouble();
        int product = (int) Math.min(products - 1, Math.floor(Math.pow(u, 3) * products)); // skewed towards 0
        int customer = (int) Math.floor(Math.pow(r.nextDouble(), 2) * CUSTOMERS);       // a few big customers
        return new Line(customer(customer), sku(product), 1 + r.nextInt(maxQuantity));
    }

    /**
     * A uniform number in [0, 1) that depends only on its inputs: the simulated payment gateway and carrier
     * decide with it, so a run is reproducible and a step re-run after a crash decides the same.
     */
    static double chance(String orderId, String what, int attempt) {
        long h = 1125899906842597L;
        for (char c : (orderId + '/' + what + '/' + attempt).toCharArray()) {
            h = 31 * h + c;
        }
        return new SplittableRandom(h).nextDouble();
    }
}
