/**
 * Implementation shared by both backends: the lease state machine ({@code LeaseLogic}), lock leases with
 * reentrancy and watchdog renewal, and leader election over a {@code LeaseStore}. Not exported.
 */
package dev.foundation.coordination.internal;
