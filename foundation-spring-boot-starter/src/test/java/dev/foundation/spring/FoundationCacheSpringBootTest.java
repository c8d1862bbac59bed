package dev.foundation.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.foundation.cache.L1;
import dev.foundation.cache.TieredCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** {@code @Cacheable}, {@code @CacheEvict} and {@code sync} over Foundation's TieredCache in a real Boot application. */
class FoundationCacheSpringBootTest {

    // A Boot application started by SpringApplication (Spring 7's SpringExtension needs JUnit 6; this build is on 5.14).
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void startApplication() {
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("foundation.cache.maximum-size=100", "foundation.cache.cache-names=prices").run();
    }

    @AfterAll
    static void closeApplication() {
        context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    static class App {

        @Bean
        Prices prices() {
            return new Prices();
        }

        /** An application-built cache: the cache manager serves it under its name. */
        @Bean
        TieredCache<String, String> products() {
            return TieredCache.<String, String>builder("products").l1(L1.maximumSize(10)).build();
        }
    }

    /**
     * A service whose calls are counted, so a test sees when the cache answered instead. (Tests reach its state
     * through methods: the bean is a caching proxy.)
     */
    static class Prices {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        public AtomicInteger calls() {
            return calls;
        }

        public void gate(CountDownLatch latch) {
            gate = latch;
        }

        @Cacheable("prices")
        public Integer price(String sku) {
            calls.incrementAndGet();
            return sku.length() * 100;
        }

        @Cacheable("discounts")
        public Integer discount(String sku) {
            calls.incrementAndGet();
            return null;
        }

        @Cacheable(cacheNames = "stock", sync = true)
        public Integer stock(String sku) throws InterruptedException {
            calls.incrementAndGet();
            gate.await(30, TimeUnit.SECONDS);
            return 7;
        }

        @Cacheable("products")
        public String product(String sku) {
            calls.incrementAndGet();
            return "product " + sku;
        }

        @CacheEvict("prices")
        public void changePrice(String sku) {
        }

        @CacheEvict(cacheNames = "prices", allEntries = true)
        public void repriceEverything() {
        }
    }

    Prices prices;
    CacheManager cacheManager;
    TieredCache<String, String> products;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void reset() {
        prices = context.getBean(Prices.class);
        cacheManager = context.getBean(CacheManager.class);
        products = context.getBean("products", TieredCache.class);
        prices.repriceEverything();
        prices.calls().set(0);
    }

    @Test
    void cacheManager_isFoundations() {
        assertThat(cacheManager).isInstanceOf(FoundationCacheManager.class);
        assertThat(cacheManager.getCacheNames()).contains("prices", "products");
        assertThat(cacheManager.getCache("prices").getNativeCache()).isInstanceOf(TieredCache.class);
    }

    @Test
    void secondCall_isAnsweredByTheCache() {
        assertThat(prices.price("abc")).isEqualTo(300);
        assertThat(prices.price("abc")).isEqualTo(300);
        assertThat(prices.calls()).hasValue(1);
        assertThat(prices.price("abcd")).isEqualTo(400);
        assertThat(prices.calls()).hasValue(2);
    }

    @Test
    void evict_makesTheNextCallInvokeTheMethod_forThatKeyOnly() {
        prices.price("a");
        prices.price("b");
        prices.changePrice("a");
        prices.price("a");
        prices.price("b");
        assertThat(prices.calls()).hasValue(3);
    }

    @Test
    void evictAllEntries_clearsTheCache() {
        prices.price("a");
        prices.price("b");
        prices.repriceEverything();
        prices.price("a");
        prices.price("b");
        assertThat(prices.calls()).hasValue(4);
    }

    @Test
    void nullResults_areCached() {
        assertThat(prices.discount("a")).isNull();
        assertThat(prices.discount("a")).isNull();
        assertThat(prices.calls()).hasValue(1);
    }

    @Test
    void sync_callsTheMethodOnce_forConcurrentCallersOfOneKey() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        prices.gate(gate);
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "stock-caller-" + threads.size());
            threads.add(t);
            return t;
        });
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> prices.stock("x")));
            }
            // one caller runs the method (held at the gate), the three others wait for its result
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    prices.calls().get() >= 1
                    && threads.stream().filter(t -> t.getState() == Thread.State.BLOCKED).count() == 3);
            gate.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(7);
            }
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        assertThat(prices.calls()).hasValue(1);
    }

    @Test
    void applicationTieredCacheBean_isServedUnderItsName_andHoldsWhatSpringPut() {
        prices.product("p1");
        prices.product("p1");
        assertThat(prices.calls()).hasValue(1);
        assertThat(products.getIfPresent("p1")).isEqualTo("product p1");
        Cache cache = cacheManager.getCache("products");
        assertThat(cache.getNativeCache()).isSameAs(products);
        assertThatThrownBy(() -> cache.put("p2", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clear_leavesEntriesWrittenDirectlyToTheTieredCache() {
        products.put("direct", "kept");
        prices.product("p3");
        cacheManager.getCache("products").clear();
        assertThat(products.getIfPresent("p3")).isNull();
        assertThat(products.getIfPresent("direct")).isEqualTo("kept");
    }
}
