package io.countersign.server.access.internal;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The generation of access data (accounts, tokens, roles, grants). Cached answers carry
 * the generation they were loaded in and count only while it is current, so a change
 * takes effect on the very next request: {@link #changed()} is called inside the changing
 * transaction and moves the generation both at once and after commit, which also discards
 * answers loaded while the transaction was still open.
 */
@Component
class AccessChanges {

	private final AtomicLong generation = new AtomicLong();

	long generation() {
		return this.generation.get();
	}

	void changed() {
		this.generation.incrementAndGet();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					AccessChanges.this.generation.incrementAndGet();
				}
			});
		}
	}

}
