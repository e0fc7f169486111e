// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * Where a request stands against its policy's quorum: met, vetoed, or still open.
 */
public sealed interface QuorumStatus permits QuorumMet, QuorumOpen, Vetoed {

}
