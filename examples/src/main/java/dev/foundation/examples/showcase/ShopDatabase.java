package dev.foundation.examples.showcase;

import dev.foundation.workflow.NonRetryableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shop's own database: stock, reservations, payments, shipments and the reconciliation log, in one SQLite
 * file ({@code shop.db}, WAL, {@code synchronous=FULL}). Every write is keyed by the workflow step's
 * idempotency key, so a step run again after a crash finds its earlier effect instead of repeating it.
 * Inventory writes carry the fencing token of the lock held around them and are refused when a newer token has
 * been seen: the database, not the lock, is the last line of defence against a stale lock holder.
 */
final class ShopDatabase implements AutoCloseable {

    /** A reservation refused because a newer fencing token already wrote to the same product. */
    static final class StaleFencingTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StaleFencingTokenException(String resource, long token, long highest) {
            super("fencing token " + token + " for '" + resource + "' is stale: " + highest
                    + " was already accepted; the lock was lost, retry with a new lease");
        }
    }

    /** What one reconciliation found. */
    record Reconciliation(long term, String leader, int productsChecked, int stockMismatches, long chargedCents,
                          long shippedOrders, long openCharges) {
        boolean ok() {
            return stockMismatches == 0;
        }
    }

    private final Connection connection;
    private final AtomicLong productLoads = new AtomicLong();
    private final AtomicLong staleTokens = new AtomicLong();

    private ShopDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (and creates) the database and stocks the catalogue's products that are not stocked yet.
     *
     * @param file            the SQLite file
     * @param products        the number of products
     * @param stockPerProduct the initial stock of a new product
     * @return the open database
     * @throws SQLException if the file cannot be opened
     */
    static ShopDatabase open(Path file, int products, int stockPerProduct) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("CREATE TABLE IF NOT EXISTS products (sku TEXT PRIMARY KEY, name TEXT NOT NULL,"
                    + " initial_stock INTEGER NOT NULL, available INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS reservations (key TEXT PRIMARY KEY, order_id TEXT NOT NULL,"
                    + " sku TEXT NOT NULL, quantity INTEGER NOT NULL, token INTEGER NOT NULL, state TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS payments (key TEXT PRIMARY KEY, order_id TEXT NOT NULL,"
                    + " customer TEXT NOT NULL, amount_cents INTEGER NOT NULL, state TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS shipments (key TEXT PRIMARY KEY, order_id TEXT NOT NULL,"
                    + " tracking TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS fences (resource TEXT PRIMARY KEY, token INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS reconciliations (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " at INTEGER NOT NULL, leader TEXT NOT NULL, term INTEGER NOT NULL, ok INTEGER NOT NULL,"
                    + " charged_cents INTEGER NOT NULL, detail TEXT NOT NULL)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement(
                "INSERT OR IGNORE INTO products (sku, name, initial_stock, available) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < products; i++) {
                String sku = Catalogue.sku(i);
                p.setString(1, sku);
                p.setString(2, Catalogue.productName(i));
                p.setInt(3, stockPerProduct);
                p.setInt(4, stockPerProduct);
                p.addBatch();
            }
            p.executeBatch();
        }
        c.commit();
        return new ShopDatabase(c);
    }

    /**
     * Reads a product's name: the catalogue cache's loader (counted, to show what the cache saves).
     *
     * @param sku the SKU
     * @return the name
     */
    synchronized String productName(String sku) throws SQLException {
        productLoads.incrementAndGet();
        try (PreparedStatement p = connection.prepareStatement("SELECT name FROM products WHERE sku = ?")) {
            p.setString(1, sku);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("no product " + sku);
                }
                return r.getString(1);
            } finally {
                connection.commit();
            }
        }
    }

    long productLoads() {
        return productLoads.get();
    }

    long staleTokens() {
        return staleTokens.get();
    }

    /**
     * Reserves stock for an order, fenced: refused if a higher token already wrote to this product.
     *
     * @param key   the step's idempotency key
     * @param order the order
     * @param token the fencing token of the product's lock
     * @return the reservation key
     */
    synchronized String reserve(String key, OrderEvent order, long token) throws SQLException {
        String resource = "inventory:" + order.sku();
        try {
            long highest = 0;
            try (PreparedStatement p = connection.prepareStatement("SELECT token FROM fences WHERE resource = ?")) {
                p.setString(1, resource);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        highest = r.getLong(1);
                    }
                }
            }
            if (token < highest) {
                staleTokens.incrementAndGet();
                throw new StaleFencingTokenException(resource, token, highest);
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO fences (resource, token) VALUES (?, ?) ON CONFLICT(resource) DO UPDATE SET token = ?")) {
                p.setString(1, resource);
                p.setLong(2, token);
                p.setLong(3, token);
                p.executeUpdate();
            }
            try (PreparedStatement p = connection.prepareStatement("SELECT 1 FROM reservations WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        connection.commit();
                        return key; // this step ran before a crash: the reservation exists
                    }
                }
            }
            int updated;
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE products SET available = available - ? WHERE sku = ? AND available >= ?")) {
                p.setInt(1, order.quantity());
                p.setString(2, order.sku());
                p.setInt(3, order.quantity());
                updated = p.executeUpdate();
            }
            if (updated == 0) {
                connection.commit(); // keep the fence
                throw new NonRetryableException("out of stock: " + order.quantity() + " x " + order.sku()
                        + " for " + order.orderId());
            }
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO reservations"
                    + " (key, order_id, sku, quantity, token, state) VALUES (?, ?, ?, ?, ?, 'RESERVED')")) {
                p.setString(1, key);
                p.setString(2, order.orderId());
                p.setString(3, order.sku());
                p.setInt(4, order.quantity());
                p.setLong(5, token);
                p.executeUpdate();
            }
            connection.commit();
            return key;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Releases a reservation (compensation); releasing twice has no further effect.
     *
     * @param reservationKey the key returned by {@link #reserve}
     * @param token          the fencing token of the product's lock
     * @param sku            the product
     */
    synchronized void release(String reservationKey, long token, String sku) throws SQLException {
        String resource = "inventory:" + sku;
        try {
            try (PreparedStatement p = connection.prepareStatement("SELECT token FROM fences WHERE resource = ?")) {
                p.setString(1, resource);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next() && token < r.getLong(1)) {
                        staleTokens.incrementAndGet();
                        throw new StaleFencingTokenException(resource, token, r.getLong(1));
                    }
                }
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE fences SET token = ? WHERE resource = ?")) {
                p.setLong(1, token);
                p.setString(2, resource);
                p.executeUpdate();
            }
            int released;
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE reservations SET state = 'RELEASED' WHERE key = ? AND state = 'RESERVED'")) {
                p.setString(1, reservationKey);
                released = p.executeUpdate();
            }
            if (released == 1) {
                try (PreparedStatement p = connection.prepareStatement("UPDATE products SET available = available"
                        + " + (SELECT quantity FROM reservations WHERE key = ?) WHERE sku = ?")) {
                    p.setString(1, reservationKey);
                    p.setString(2, sku);
                    p.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Records a charge; a second call with the same key returns the first charge (no double charge).
     *
     * @param key   the step's idempotency key
     * @param order the order
     * @return the payment id
     */
    synchronized String charge(String key, OrderEvent order) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT OR IGNORE INTO payments"
                + " (key, order_id, customer, amount_cents, state) VALUES (?, ?, ?, ?, 'CHARGED')")) {
            p.setString(1, key);
            p.setString(2, order.orderId());
            p.setString(3, order.customer());
            p.setLong(4, order.totalCents());
            p.executeUpdate();
            connection.commit();
            return "pay-" + order.orderId();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Refunds a charge (compensation); refunding twice has no further effect.
     *
     * @param chargeKey the charge step's idempotency key
     */
    synchronized void refund(String chargeKey) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE payments SET state = 'REFUNDED' WHERE key = ? AND state = 'CHARGED'")) {
            p.setString(1, chargeKey);
            p.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Records a shipment; a second call with the same key keeps the first.
     *
     * @param key   the step's idempotency key
     * @param order the order
     * @return the tracking number
     */
    synchronized String ship(String key, OrderEvent order) throws SQLException {
        String tracking = "trk-" + order.orderId();
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT OR IGNORE INTO shipments (key, order_id, tracking) VALUES (?, ?, ?)")) {
            p.setString(1, key);
            p.setString(2, order.orderId());
            p.setString(3, tracking);
            p.executeUpdate();
            connection.commit();
            return tracking;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Checks the books, as only the leader does: every product's stock equals its initial stock minus what
     * live reservations hold; records the result with the leader's term, refusing a term older than one
     * already recorded (a deposed leader cannot write).
     *
     * @param leader the leader's candidate id
     * @param term   the leader's term (its fencing token)
     * @return what was found
     */
    synchronized Reconciliation reconcile(String leader, long term) throws SQLException {
        try {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT COALESCE(MAX(term), 0) FROM reconciliations")) {
                r.next();
                if (term < r.getLong(1)) {
                    throw new StaleFencingTokenException("reconciliations", term, r.getLong(1));
                }
            }
            int products = 0;
            int mismatches = 0;
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT p.sku, p.initial_stock, p.available,"
                         + " COALESCE((SELECT SUM(quantity) FROM reservations x WHERE x.sku = p.sku"
                         + " AND x.state = 'RESERVED'), 0) FROM products p")) {
                while (r.next()) {
                    products++;
                    if (r.getLong(2) != r.getLong(3) + r.getLong(4)) {
                        mismatches++;
                    }
                }
            }
            long charged = scalar("SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE state = 'CHARGED'");
            long shipped = scalar("SELECT COUNT(*) FROM shipments");
            long open = scalar("SELECT COUNT(*) FROM payments p WHERE state = 'CHARGED'"
                    + " AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = p.order_id)");
            Reconciliation result = new Reconciliation(term, leader, products, mismatches, charged, shipped, open);
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO reconciliations"
                    + " (at, leader, term, ok, charged_cents, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, System.currentTimeMillis());
                p.setString(2, leader);
                p.setLong(3, term);
                p.setInt(4, result.ok() ? 1 : 0);
                p.setLong(5, charged);
                p.setString(6, products + " products, " + mismatches + " stock mismatches, " + shipped
                        + " shipped, " + open + " charged and not shipped yet");
                p.executeUpdate();
            }
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Sums for the summary. */
    record Books(long chargedOrders, long chargedCents, long refundedOrders, long shipments, long reconciliations,
                 List<String> reconciliationLeaders) {
    }

    synchronized Books books() throws SQLException {
        try {
            List<String> leaders = new ArrayList<>();
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT DISTINCT leader FROM reconciliations ORDER BY leader")) {
                while (r.next()) {
                    leaders.add(r.getString(1));
                }
            }
            return new Books(scalar("SELECT COUNT(*) FROM payments WHERE state = 'CHARGED'"),
                    scalar("SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE state = 'CHARGED'"),
                    scalar("SELECT COUNT(*) FROM payments WHERE state = 'REFUNDED'"),
                    scalar("SELECT COUNT(*) FROM shipments"),
                    scalar("SELECT COUNT(*) FROM reconciliations"), leaders);
        } finally {
            connection.commit();
        }
    }

    private long scalar(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (!connection.isClosed()) {
            connection.close();
        }
    }
}
