// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * A person holding a veto role rejected: the request is rejected whatever the approvals.
 */
public record Vetoed(PersonId person, RoleName role) implements QuorumStatus {

}
