// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * The quorum can be met whoever of the possible initiators asks.
 */
public record Reachable() implements Reachability {

}
