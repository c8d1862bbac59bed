/** The single-JVM backend: lease records, counters and work in this process's memory. Not exported. */
package dev.foundation.coordination.internal.local;
