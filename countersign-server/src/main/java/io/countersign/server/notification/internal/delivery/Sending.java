package io.countersign.server.notification.internal.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import io.countersign.server.notification.internal.NotificationProperties;
import io.countersign.server.notification.internal.channels.Channel;
import io.countersign.server.notification.internal.channels.NotificationChannels;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.shared.webhook.OutboundCheck;
import io.countersign.server.shared.webhook.OutboundGuard;
import io.countersign.server.shared.webhook.WebhookSignature;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * One attempt at one delivery, bounded by the configured timeout: a webhook POST (signed
 * with the channel's secret, {@link WebhookSignature}), a Slack-compatible POST, or an
 * e-mail. Answers the failure, if any, as a line for {@code last_error} (never a secret).
 * A webhook's destination is judged by the {@link OutboundGuard} right before the POST; a
 * refused one fails for good.
 */
@Component
class Sending {

	/** Sent with every webhook call: the receiver drops a repeated delivery by it. */
	static final String DELIVERY_HEADER = "Countersign-Delivery";

	static final String EVENT_HEADER = "Countersign-Event";

	private final HttpClient http;

	private final NotificationChannels channels;

	private final SecretSealer sealer;

	private final ObjectProvider<JavaMailSender> mail;

	private final NotificationProperties properties;

	private final Clock clock;

	private final OutboundGuard guard;

	Sending(NotificationChannels channels, SecretSealer sealer, ObjectProvider<JavaMailSender> mail,
			NotificationProperties properties, Clock clock, OutboundGuard guard) {
		this.guard = guard;
		this.channels = channels;
		this.sealer = sealer;
		this.mail = mail;
		this.properties = properties;
		this.clock = clock;
		// never follows redirects: a receiver answers where it was configured, and a
		// redirect would lead past the guard (a 3xx is a failed attempt)
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Why an attempt failed, as a line for {@code last_error}.
	 *
	 * @param permanent whether trying again cannot help (the guard refused the
	 * destination): the delivery is given up at once
	 */
	record Failure(String reason, boolean permanent) {

		static Optional<Failure> of(String reason) {
			return Optional.of(new Failure(reason, false));
		}

	}

	/** Sends; empty when delivered, else what went wrong. */
	Optional<Failure> send(Delivery delivery) {
		try {
			return switch (delivery.kind()) {
				case WEBHOOK -> webhook(delivery);
				case SLACK -> post(delivery, HttpRequest.newBuilder());
				case EMAIL -> email(delivery);
			};
		}
		catch (HttpTimeoutException ex) {
			return Failure.of("timed out after " + this.properties.timeout());
		}
		catch (IOException ex) {
			return Failure.of(ex.getClass().getSimpleName() + ": " + String.valueOf(ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Failure.of("interrupted (the server is stopping)");
		}
		catch (MailException ex) {
			return Failure.of("SMTP: " + ex.getMostSpecificCause().getMessage());
		}
		catch (RuntimeException ex) {
			// a secret that no longer opens, say: a failed attempt like any other, so the
			// delivery ends as failed instead of being claimed again for ever
			return Failure.of(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private Optional<Failure> webhook(Delivery delivery) throws IOException, InterruptedException {
		Optional<Channel> channel = delivery.channelId().flatMap(this.channels::find);
		if (channel.isEmpty() || channel.get().sealedSecret().isEmpty()) {
			return Failure.of("the channel or its secret is gone");
		}
		byte[] secret = this.sealer.unseal(channel.get().sealedSecret().get(),
				Channel.secretContext(channel.get().id()));
		byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
		return post(delivery,
				HttpRequest.newBuilder()
					.header(WebhookSignature.HEADER, WebhookSignature.sign(secret, this.clock.instant(), body))
					.header(DELIVERY_HEADER, delivery.id())
					.header(EVENT_HEADER, delivery.event()));
	}

	private Optional<Failure> post(Delivery delivery, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		URI url = URI.create(delivery.recipient());
		// judged now, not only when the channel was saved: the host may resolve elsewhere
		// since (DNS rebinding)
		OutboundCheck check = this.guard.checkBeforeSending(url);
		if (check instanceof OutboundCheck.Refused refused) {
			return Optional.of(new Failure("refused by countersign.outbound: " + refused.reason(), true));
		}
		if (check instanceof OutboundCheck.Unresolved unresolved) {
			return Failure.of(unresolved.reason());
		}
		HttpResponse<Void> response = this.http.send(request.uri(url)
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.discarding());
		int status = response.statusCode();
		return (status >= 200 && status < 300) ? Optional.empty() : Failure.of("HTTP " + status);
	}

	private Optional<Failure> email(Delivery delivery) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return Failure.of("no SMTP server is configured (spring.mail.host)");
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.mailFrom());
		message.setTo(delivery.recipient());
		message.setSubject(delivery.subject());
		message.setText(delivery.body());
		sender.send(message);
		return Optional.empty();
	}

}
