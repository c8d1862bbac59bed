/**
 * Runnable examples, one per Foundation module, started through {@link dev.foundation.examples.Examples}.
 * README.md's code snippets are copied from these sources between {@code // snippet:NAME} and
 * {@code // end-snippet} markers, and a test checks that they stay identical.
 */
package dev.foundation.examples;
