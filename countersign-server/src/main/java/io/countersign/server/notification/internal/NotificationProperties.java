package io.countersign.server.notification.internal;

import java.net.URI;
import java.time.Duration;

import io.countersign.server.shared.webhook.RetrySchedule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification settings under {@code countersign.notifications} (README, Configuration).
 *
 * @param publicUrl the address people reach Countersign at; links in notices are
 * {@code <publicUrl>/ui/approvals/<id>} (alerts: {@code <publicUrl>/ui/alerts/<id>})
 * @param mailFrom the sender address of notification e-mails
 * @param emailPeople whether people with an e-mail address get their notices by e-mail
 * too (when an SMTP server is configured, {@code spring.mail.host})
 * @param interval how often each instance looks for due deliveries
 * @param timeout the longest one delivery attempt may take (connect and answer)
 * @param threads how many deliveries one instance sends at once
 * @param retryFirst the wait after a delivery's first failure, doubling from there
 * @param retryCeiling the longest wait between attempts
 * @param attempts the most attempts before a delivery is given up as failed
 * @param retention how long delivered or given-up deliveries and settled or read inbox
 * items are kept (docs/decisions/031)
 */
@ConfigurationProperties("countersign.notifications")
public record NotificationProperties(@DefaultValue("http://localhost:8080") URI publicUrl,
		@DefaultValue("countersign@localhost") String mailFrom, @DefaultValue("true") boolean emailPeople,
		@DefaultValue("1s") Duration interval, @DefaultValue("10s") Duration timeout, @DefaultValue("4") int threads,
		@DefaultValue("10s") Duration retryFirst, @DefaultValue("1h") Duration retryCeiling,
		@DefaultValue("10") int attempts, @DefaultValue Retention retention) {

	public NotificationProperties {
		if (!publicUrl.isAbsolute()
				|| !("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme()))) {
			throw new IllegalArgumentException("countersign.notifications.public-url is an absolute http(s) URL");
		}
		if (threads < 1 || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("countersign.notifications needs threads >= 1 and a positive timeout");
		}
	}

	/**
	 * Retention under {@code countersign.notifications.retention}: rows older than their
	 * age, and in a final state, are deleted by every instance every {@code interval}.
	 *
	 * @param deliveries the age of deliveries that were delivered or given up
	 * @param inbox the age of inbox items that were read, or whose request or alert was
	 * settled
	 * @param interval how often each instance sweeps
	 */
	public record Retention(@DefaultValue("30d") Duration deliveries, @DefaultValue("90d") Duration inbox,
			@DefaultValue("1h") Duration interval) {

		public Retention {
			if (notPositive(deliveries) || notPositive(inbox) || notPositive(interval)) {
				throw new IllegalArgumentException(
						"countersign.notifications.retention needs positive deliveries, inbox and interval");
			}
		}

		private static boolean notPositive(Duration duration) {
			return duration.isNegative() || duration.isZero();
		}

	}

	public RetrySchedule retrySchedule() {
		return new RetrySchedule(this.retryFirst, this.retryCeiling, this.attempts);
	}

	/** The console page of a request: signing in is needed to see, let alone decide. */
	public String linkTo(String requestId) {
		String base = this.publicUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/ui/approvals/" + requestId;
	}

	/** The console page of an alert, likewise behind sign-in. */
	public String linkToAlert(String alertId) {
		String base = this.publicUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/ui/alerts/" + alertId;
	}

	/**
	 * How long a claimed delivery is left to its sender before another instance may take
	 * it over (the sender crashed): well past one attempt's timeout.
	 */
	public Duration lease() {
		return this.timeout.multipliedBy(3).plusSeconds(30);
	}

}
