/**
 * Approvals: policies as versioned data, requests with immutable revisions, decisions
 * signed with the approvers' own keys, quorums counted in people, exactly-once execution
 * and rollback (docs/approvals.md). The pure rules live in the ledger module
 * ({@code io.countersign.ledger.approval}); this module stores, locks and audits.
 */
@ApplicationModule(displayName = "Approvals")
package io.countersign.server.approval;

import org.springframework.modulith.ApplicationModule;
