/**
 * The Java client of Countersign's approvals:
 * {@link io.countersign.client.CountersignClient} opens requests, waits for decisions and
 * gates code on them. JDK only (and the JDK-only countersign-ledger module for JSON).
 */
package io.countersign.client;
