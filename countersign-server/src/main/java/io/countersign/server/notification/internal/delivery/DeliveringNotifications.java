package io.countersign.server.notification.internal.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

import io.countersign.server.notification.internal.NotificationProperties;
import io.countersign.server.shared.webhook.RetrySchedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries on every instance: claims as many as it has free sender threads (a
 * short transaction, {@link Deliveries#claim}), sends each on its own thread with the
 * configured timeout, and records the outcome: delivered, tried again later after the
 * {@link RetrySchedule}'s backoff, or given up as failed (at once when the destination is
 * refused, decision 032). A receiver that hangs holds one sender thread for at most the
 * timeout; an instance that dies mid-send leaves its claim to lapse, and another instance
 * sends again (at least once: webhook receivers drop repeats by the delivery id).
 */
@Service
public class DeliveringNotifications implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DeliveringNotifications.class);

	private final Deliveries deliveries;

	private final Sending sending;

	private final TransactionTemplate transaction;

	private final NotificationProperties properties;

	private final RetrySchedule retries;

	private final Clock clock;

	private final ThreadPoolTaskExecutor senders;

	// one permit per sender thread: nothing is claimed that no thread is free to send
	private final Semaphore free;

	private final RandomGenerator random = RandomGenerator.getDefault();

	DeliveringNotifications(Deliveries deliveries, Sending sending, TransactionTemplate transaction,
			NotificationProperties properties, Clock clock) {
		this.deliveries = deliveries;
		this.sending = sending;
		this.transaction = transaction;
		this.properties = properties;
		this.retries = properties.retrySchedule();
		this.clock = clock;
		this.free = new Semaphore(properties.threads());
		this.senders = new ThreadPoolTaskExecutor();
		this.senders.setCorePoolSize(properties.threads());
		this.senders.setMaxPoolSize(properties.threads());
		this.senders.setQueueCapacity(properties.threads());
		this.senders.setThreadNamePrefix("notification-sender-");
		this.senders.setDaemon(true);
		this.senders.initialize();
	}

	@Scheduled(fixedDelayString = "${countersign.notifications.interval:1s}",
			initialDelayString = "${countersign.notifications.interval:1s}")
	void scheduled() {
		sendDue();
	}

	/** Claims and starts sending what is due; answers how many attempts it started. */
	public int sendDue() {
		int permits = this.free.availablePermits();
		if (permits == 0) {
			return 0;
		}
		Instant now = this.clock.instant();
		Instant lease = now.plus(this.properties.lease());
		List<Delivery> claimed = this.transaction.execute((status) -> this.deliveries.claim(permits, now, lease));
		for (Delivery delivery : claimed) {
			this.free.acquireUninterruptibly();
			try {
				this.senders.execute(() -> attempt(delivery));
			}
			catch (RuntimeException rejected) {
				// stopping: the claim lapses and the delivery is sent after the lease
				this.free.release();
				throw rejected;
			}
		}
		return claimed.size();
	}

	private void attempt(Delivery delivery) {
		try {
			Optional<Sending.Failure> failure = this.sending.send(delivery);
			Instant now = this.clock.instant();
			if (failure.isEmpty()) {
				this.deliveries.delivered(delivery.id(), delivery.attempts(), now);
				return;
			}
			String error = failure.get().reason();
			Optional<Instant> next = (!failure.get().permanent() && this.retries.tryAgainAfter(delivery.attempts()))
					? Optional.of(now.plus(this.retries.delayAfter(delivery.attempts(), this.random)))
					: Optional.empty();
			this.deliveries.attemptFailed(delivery.id(), delivery.attempts(), error, next);
			log.info("Notification delivery {} ({} to {}) attempt {} failed: {}{}", delivery.id(),
					delivery.kind().wire(), delivery.channelId().orElse("a person"), delivery.attempts(), error,
					next.map((at) -> "; next attempt at " + at).orElse("; given up"));
		}
		catch (RuntimeException ex) {
			// the claim lapses and the delivery is tried again after the lease
			log.warn("Notification delivery {} could not be recorded", delivery.id(), ex);
		}
		finally {
			this.free.release();
		}
	}

	@Override
	public void destroy() {
		this.senders.shutdown();
	}

}
