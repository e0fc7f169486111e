package io.countersign.server.audit.internal;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The application's {@link TransactionTemplate}: its outermost {@code execute} returns
 * once the events recorded in it ({@link io.countersign.server.audit.AuditTrail}) are in
 * the ledger, waiting after the transaction's connection went back to the pool, so a
 * caller answers only after its evidence is appended (bounded, see
 * {@link AuditOutbox#APPEND_WAIT}).
 */
final class AuditedTransactionTemplate extends TransactionTemplate {

	private final transient AuditOutbox outbox;

	AuditedTransactionTemplate(PlatformTransactionManager transactions, AuditOutbox outbox) {
		super(transactions);
		this.outbox = outbox;
	}

	@Override
	public <T> T execute(TransactionCallback<T> action) throws TransactionException {
		return this.outbox.awaitingAfter(() -> super.execute(action));
	}

}
