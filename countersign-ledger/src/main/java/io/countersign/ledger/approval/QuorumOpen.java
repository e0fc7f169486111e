// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * Not yet enough approvals; {@code progress} shows which terms are open and how many more
 * each needs.
 */
public record QuorumOpen(QuorumProgress progress) implements QuorumStatus {

}
