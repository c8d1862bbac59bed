package dev.foundation.examples.coordination;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.FencedResource;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.LeaderElection;
import dev.foundation.coordination.Leadership;
import dev.foundation.coordination.LeadershipListener;
import dev.foundation.coordination.LockLease;
import dev.foundation.coordination.LockOptions;
import dev.foundation.coordination.StaleTokenException;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkUnit;
import dev.foundation.examples.Example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Three embedded Hazelcast members in one JVM: a fenced write rejected after its lease was lost, leader election
 * with the leader's member killed and the failover time printed, and a task distributed across the members.
 */
public final class CoordinationExample implements Example {

    @Override
    public String name() {
        return "coordination";
    }

    @Override
    public String description() {
        return "foundation-coordination: fenced locks, leader failover and distributed work on 3 embedded members";
    }

    @Override
    public void run(String[] args) throws Exception {
        EmbeddedMemberConfig settings = EmbeddedMemberConfig.builder()
                .clusterName("coordination-example-" + UUID.randomUUID()).build();
        List<HazelcastInstance> members = new ArrayList<>();
        List<Coordination> coords = new ArrayList<>();
        CoordinationConfig config = CoordinationConfig.custom().leaderLease(Duration.ofSeconds(3)).build();
        try {
            for (int i = 0; i < 3; i++) {
                HazelcastInstance hz = HazelcastMembers.embedded(settings);
                members.add(hz);
                coords.add(Coordination.hazelcast(hz, config));
            }
            System.out.println("3 members up in cluster " + settings.clusterName() + " on 127.0.0.1");
            fencing(coords);
            failover(members, coords);
            distribute(coords);   // the two survivors
        } finally {
            coords.forEach(Coordination::close);
            members.forEach(hz -> hz.getLifecycleService().terminate());
        }
    }

    private static void fencing(List<Coordination> coords) throws InterruptedException {
        Coordination memberA = coords.get(0);
        Coordination memberB = coords.get(1);
        CountDownLatch lost = new CountDownLatch(1);
        // snippet:coordination-fencing
        FencedResource ledger = new FencedResource("ledger");
        LockOptions noRenewal = LockOptions.defaults().autoRenew(false)
                .onLost((lease, cause) -> lost.countDown());
        LockLease slow = memberA.lock("billing", noRenewal).acquire(Duration.ofSeconds(5), Duration.ofMillis(500));
        ledger.write(slow.fencingToken(), () -> System.out.println("A wrote with token " + slow.fencingToken()));
        lost.await(10, TimeUnit.SECONDS);                     // A stalls past its lease...
        try (LockLease next = memberB.lock("billing").acquire(Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            ledger.write(next.fencingToken(), () -> System.out.println("B wrote with token " + next.fencingToken()));
        }
        try {
            ledger.write(slow.fencingToken(), () -> System.out.println("A's late write went through (must not)"));
        } catch (StaleTokenException e) {
            System.out.println("A's late write rejected: " + e.getMessage());
        }
        slow.close();                                         // no longer the owner: releases nothing
        // end-snippet
    }

    private static void failover(List<HazelcastInstance> members, List<Coordination> coords)
            throws InterruptedException {
        Map<String, Leadership> leaders = new ConcurrentHashMap<>();
        CountDownLatch firstLeader = new CountDownLatch(1);
        CountDownLatch secondLeader = new CountDownLatch(2);
        List<LeaderElection> elections = new ArrayList<>();
        for (Coordination coord : coords) {
            // snippet:coordination-election
            LeaderElection election = coord.election("scheduler", new LeadershipListener() {
                @Override
                public void elected(Leadership l) {
                    System.out.println("elected: " + l.leaderId() + " for term " + l.term());
                    leaders.put(l.leaderId(), l);
                    firstLeader.countDown();
                    secondLeader.countDown();
                }

                @Override
                public void revoked(Leadership l) {
                    System.out.println("revoked: " + l.leaderId() + " from term " + l.term());
                }
            });
            // end-snippet
            elections.add(election);
        }
        firstLeader.await(20, TimeUnit.SECONDS);
        int leader = -1;
        for (int i = 0; i < elections.size(); i++) {
            if (elections.get(i).isLeader()) {
                leader = i;
            }
        }
        long killed = System.nanoTime();
        System.out.println("killing member " + leader + " (the leader) without a graceful shutdown");
        members.get(leader).getLifecycleService().terminate();
        coords.get(leader).close();
        if (secondLeader.await(30, TimeUnit.SECONDS)) {
            System.out.printf("failover: a new leader took over %d ms after the kill%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        }
        members.remove(leader);
        coords.remove(leader);
    }

    private static void distribute(List<Coordination> coords) {
        // snippet:coordination-distribute
        WorkFunction<String, Integer> countWords = unit -> unit.payload().split("\\s+").length;
        coords.forEach(c -> c.registerWork("count-words", countWords));   // on every member, at start-up
        List<WorkUnit<String>> units = List.of(
                new WorkUnit<>("doc-1", "fencing tokens make locks safe"),
                new WorkUnit<>("doc-2", "a lease without a token is a hope"),
                new WorkUnit<>("doc-3", "leaders renew at a third of their lease"));
        int total = coords.get(0).distribute("count-words", units, countWords,
                results -> results.successes().values().stream().mapToInt(Integer::intValue).sum());
        System.out.println("distributed word count over " + units.size() + " units: " + total);
        // end-snippet
    }
}
