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
 * answers loaded while the transaction was still open. On PostgreSQL the change is also
 * announced to the other server instances ({@link AccessChangeNotifications}).
 */
@Component
public class AccessChanges {

	private final AtomicLong generation = new AtomicLong();

	private final AccessChangeNotifications notifications;

	AccessChanges(AccessChangeNotifications notifications) {
		this.notifications = notifications;
		notifications.onNotification(this::advance);
	}

	public long generation() {
		return this.generation.get();
	}

	/**
	 * Whether cached answers may be used at all: not while changes made by other server
	 * instances could go unnoticed.
	 */
	public boolean cacheable() {
		return this.notifications.listening();
	}

	public void changed() {
		advance();
		this.notifications.announce();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					advance();
				}
			});
		}
	}

	private void advance() {
		this.generation.incrementAndGet();
	}

}
