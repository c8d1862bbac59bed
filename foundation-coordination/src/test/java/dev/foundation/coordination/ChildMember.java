package dev.foundation.coordination;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster member in its own JVM, started (and killed) by {@link CoordinationFailoverIT}. It joins the
 * election "failover" and, while leader, sends a fenced write (its name, term and a sequence number) every
 * 20 ms to the queue the test consumes. It exits when its standard input closes (the test ended).
 *
 * <p>Arguments: cluster name, first port, port count, member name.
 */
public final class ChildMember {

    private ChildMember() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedMemberConfig settings = EmbeddedMemberConfig.forTesting()
                .clusterName(args[0]).port(Integer.parseInt(args[1])).portCount(Integer.parseInt(args[2]))
                .build();
        String name = args[3];
        HazelcastInstance hz = HazelcastMembers.embedded(settings);
        IQueue<String> writes = hz.getQueue(CoordinationFailoverIT.QUEUE);
        AtomicReference<Leadership> term = new AtomicReference<>();
        Coordination coordination = Coordination.hazelcast(hz, CoordinationConfig.custom()
                .leaderLease(Duration.ofSeconds(6)).build());
        coordination.election(CoordinationFailoverIT.ELECTION, new LeadershipListener() {
            @Override
            public void elected(Leadership leadership) {
                term.set(leadership);
            }

            @Override
            public void revoked(Leadership leadership) {
                term.compareAndSet(leadership, null);
            }
        });
        Thread writer = new Thread(() -> {
            long seq = 0;
            while (!Thread.currentThread().isInterrupted()) {
                Leadership l = term.get();
                if (l != null) {
                    String write = name + "|" + l.term() + "|" + seq++;
                    // A backup of the queue on a killed member makes the offer indeterminate: offer again, so the
                    // write is surely checked (a duplicate of the same write changes no verdict).
                    for (boolean sent = false; !sent && !Thread.currentThread().isInterrupted(); ) {
                        try {
                            writes.offer(write);
                            sent = true;
                        } catch (IndeterminateOperationStateException e) {
                            sent = false;
                        }
                    }
                }
                try {
                    Thread.sleep(20); // the writer's pace, not a wait for state
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "writer");
        writer.setDaemon(true);
        writer.start();
        System.out.println("READY " + name);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent keeps stdin open while it wants us alive
        }
        writer.interrupt();
        coordination.close();
        hz.getLifecycleService().terminate();
    }
}
