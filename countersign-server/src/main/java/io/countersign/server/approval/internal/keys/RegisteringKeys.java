package io.countersign.server.approval.internal.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.event.Event;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Approvers register the Ed25519 public keys they sign decisions with, list and revoke
 * them; every change is a ledger event. A key belongs to one person for good: the same
 * key cannot be registered twice, so a signature always names one person.
 */
@Service
public class RegisteringKeys {

	private final ApproverKeys keys;

	private final ApprovalAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	RegisteringKeys(ApproverKeys keys, ApprovalAudit audit, TransactionTemplate transaction, Clock clock) {
		this.keys = keys;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	public StoredKey register(Caller caller, String pem) {
		ApproverKey key;
		try {
			key = ApproverKey.fromPem(pem);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "publicKey: " + ex.getMessage(), ex);
		}
		if (this.keys.byFingerprint(key.fingerprint()).isPresent()) {
			throw registered();
		}
		StoredKey stored = new StoredKey(Event.newId(), caller.username(), key, this.clock.instant(), Optional.empty());
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.keys.insert(stored);
				this.audit.recordKey(ApprovalEvents.KEY_REGISTERED, caller.actor(), stored.id(), stored.fingerprint(),
						stored.owner());
			});
		}
		catch (DuplicateKeyException ex) {
			throw registered();
		}
		return stored;
	}

	public List<StoredKey> of(Caller caller) {
		return this.keys.of(caller.username());
	}

	/** Revokes one of the caller's own keys; revoking it again changes nothing. */
	public void revoke(Caller caller, String id) {
		StoredKey key = this.keys.find(id)
			.filter((found) -> found.owner().equals(caller.username()))
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_KEY_NOT_FOUND,
					"You have no approver key with id '" + id + "'."));
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			if (this.keys.revoke(key.id(), now)) {
				this.audit.recordKey(ApprovalEvents.KEY_REVOKED, caller.actor(), key.id(), key.fingerprint(),
						key.owner());
			}
		});
	}

	private static CountersignException registered() {
		return new CountersignException(ErrorCode.ERR_KEY_REGISTERED,
				"This public key is already registered; generate a key of your own.");
	}

}
