// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * Enough different people other than the initiator approved; {@code progress} shows who
 * counted for which term.
 */
public record QuorumMet(QuorumProgress progress) implements QuorumStatus {

}
