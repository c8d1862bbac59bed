/**
 * The implementation, written once: {@code DefaultCoordination}, the one coordination class, combines the recipes
 * ({@code FencedLock} with its {@code LeaseWatchdog}, {@code LeaseElection}, linearizable counters) with a
 * {@code Backend} (local or Hazelcast) that supplies a {@code LeaseStore}, a {@code CounterStore}, its quorum
 * verdict, eventual counters and work distribution; the lease state machine is {@code LeaseLogic}. Not exported.
 */
package dev.foundation.coordination.internal;
