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

	Sending(NotificationChannels channels, SecretSealer sealer, ObjectProvider<JavaMailSender> mail,
			NotificationProperties properties, Clock clock) {
		this.channels = channels;
		this.sealer = sealer;
		this.mail = mail;
		this.properties = properties;
		this.clock = clock;
		// never follows redirects: a receiver answers where it was configured
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** Sends; empty when delivered, else what went wrong. */
	Optional<String> send(Delivery delivery) {
		try {
			return switch (delivery.kind()) {
				case WEBHOOK -> webhook(delivery);
				case SLACK -> post(delivery, HttpRequest.newBuilder());
				case EMAIL -> email(delivery);
			};
		}
		catch (HttpTimeoutException ex) {
			return Optional.of("timed out after " + this.properties.timeout());
		}
		catch (IOException ex) {
			return Optional.of(ex.getClass().getSimpleName() + ": " + String.valueOf(ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of("interrupted (the server is stopping)");
		}
		catch (MailException ex) {
			return Optional.of("SMTP: " + ex.getMostSpecificCause().getMessage());
		}
		catch (RuntimeException ex) {
			// a secret that no longer opens, say: a failed attempt like any other, so the
			// delivery ends as failed instead of being claimed again for ever
			return Optional.of(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private Optional<String> webhook(Delivery delivery) throws IOException, InterruptedException {
		Optional<Channel> channel = delivery.channelId().flatMap(this.channels::find);
		if (channel.isEmpty() || channel.get().sealedSecret().isEmpty()) {
			return Optional.of("the channel or its secret is gone");
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

	private Optional<String> post(Delivery delivery, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		HttpResponse<Void> response = this.http.send(request.uri(URI.create(delivery.recipient()))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.discarding());
		int status = response.statusCode();
		return (status >= 200 && status < 300) ? Optional.empty() : Optional.of("HTTP " + status);
	}

	private Optional<String> email(Delivery delivery) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return Optional.of("no SMTP server is configured (spring.mail.host)");
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
