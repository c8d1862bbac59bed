package dev.foundation.examples.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.workflow.NonRetryableException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopDatabaseTest {

    private static OrderEvent order(int seq, int quantity) {
        return new OrderEvent(OrderEvent.PLACED, OrderEvent.orderId(seq), seq, "cust-01", "sku-0001", quantity, 100,
                100L * quantity, 0);
    }

    @Test
    void reserve_refusesAStaleFencingToken_andKeepsTheStock(@TempDir Path dir) throws Exception {
        try (ShopDatabase db = ShopDatabase.open(dir.resolve("shop.db"), 3, 10)) {
            db.reserve("i1:reserve", order(1, 2), 7);
            assertThatThrownBy(() -> db.reserve("i2:reserve", order(2, 2), 6))
                    .isInstanceOf(ShopDatabase.StaleFencingTokenException.class)
                    .hasMessageContaining("fencing token 6 for 'inventory:sku-0001' is stale: 7 was already accepted");
            assertThat(db.staleTokens()).isEqualTo(1);
            assertThat(db.reconcile("leader", 1).stockMismatches()).isZero();
            db.reserve("i2:reserve", order(2, 2), 8);
            assertThat(db.reconcile("leader", 1).ok()).isTrue();
        }
    }

    @Test
    void reserveAndRelease_areIdempotent_soARerunStepChangesNothing(@TempDir Path dir) throws Exception {
        try (ShopDatabase db = ShopDatabase.open(dir.resolve("shop.db"), 3, 10)) {
            String key = db.reserve("i1:reserve", order(1, 4), 1);
            db.reserve("i1:reserve", order(1, 4), 2); // the step ran again after a crash
            assertThatThrownBy(() -> db.reserve("i2:reserve", order(2, 7), 3))
                    .isInstanceOf(NonRetryableException.class).hasMessageContaining("out of stock");
            db.release(key, 4, "sku-0001");
            db.release(key, 5, "sku-0001");
            db.reserve("i3:reserve", order(3, 10), 6); // all 10 available again
            assertThat(db.reconcile("leader", 1).ok()).isTrue();
        }
    }

    @Test
    void chargeAndRefund_areIdempotent_soNoOrderIsChargedTwice(@TempDir Path dir) throws Exception {
        try (ShopDatabase db = ShopDatabase.open(dir.resolve("shop.db"), 3, 10)) {
            db.charge("i1:charge", order(1, 2));
            db.charge("i1:charge", order(1, 2));
            db.charge("i2:charge", order(2, 1));
            db.refund("i2:charge");
            db.refund("i2:charge");
            ShopDatabase.Books books = db.books();
            assertThat(books.chargedOrders()).isEqualTo(1);
            assertThat(books.chargedCents()).isEqualTo(200);
            assertThat(books.refundedOrders()).isEqualTo(1);
        }
    }

    @Test
    void reconcile_refusesATermOlderThanOneRecorded(@TempDir Path dir) throws Exception {
        try (ShopDatabase db = ShopDatabase.open(dir.resolve("shop.db"), 3, 10)) {
            db.reconcile("new-leader", 5);
            assertThatThrownBy(() -> db.reconcile("deposed-leader", 4))
                    .isInstanceOf(ShopDatabase.StaleFencingTokenException.class);
            assertThat(db.books().reconciliationLeaders()).containsExactly("new-leader");
        }
    }
}
