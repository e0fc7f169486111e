package io.countersign.server.notification.internal.channels;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.notification.internal.ChannelKind;
import io.countersign.server.notification.internal.NotificationEvent;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.webhook.OutboundGuard;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Setting up, changing and removing notification channels; each change commits with its
 * ledger event ({@code notification_channel_created}, {@code _changed},
 * {@code _removed}). The ledger keeps the channel's kind, name, events and host (or
 * e-mail domain), never a secret or a Slack URL's path.
 */
@Service
public class ManagingChannels {

	public static final String CREATED = "notification_channel_created";

	public static final String CHANGED = "notification_channel_changed";

	public static final String REMOVED = "notification_channel_removed";

	static final int MAX_NAME = 100;

	static final int MAX_TARGET = 2000;

	static final int MIN_SECRET = 16;

	static final int MAX_SECRET = 256;

	// as the users API accepts an address: no spaces, line breaks or angle brackets, so
	// an
	// address never adds a mail header
	static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]"
			+ "(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

	private final NotificationChannels channels;

	private final SecretSealer sealer;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final OutboundGuard guard;

	ManagingChannels(NotificationChannels channels, SecretSealer sealer, AuditTrail trail,
			TransactionTemplate transaction, Clock clock, OutboundGuard guard) {
		this.guard = guard;
		this.channels = channels;
		this.sealer = sealer;
		this.trail = trail;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** A channel as asked for, unchecked. */
	public record ChannelInput(Optional<String> name, Optional<String> kind, Optional<String> target,
			Optional<String> secret, Optional<List<String>> events) {

		@Override
		public String toString() {
			return "ChannelInput[" + this.name + ", " + this.kind + "]";
		}

	}

	public Channel create(Caller caller, ChannelInput input) {
		ChannelKind kind = input.kind()
			.map((wire) -> ChannelKind.fromWire(wire)
				.orElseThrow(() -> invalid("kind: must be webhook, slack or email")))
			.orElseThrow(() -> invalid("kind: is required (webhook, slack or email)"));
		String name = name(input.name().orElseThrow(() -> invalid("name: is required")));
		String target = target(kind, input.target().orElseThrow(() -> invalid("target: is required")));
		Set<NotificationEvent> events = events(input.events());
		String id = Event.newId();
		Optional<byte[]> secret = secret(kind, id, input.secret(), true);
		Instant now = this.clock.instant();
		Channel channel = new Channel(id, name, kind, target, secret, events, now, caller.username(), now,
				Optional.empty());
		this.transaction.executeWithoutResult((status) -> {
			this.channels.insert(channel);
			record(CREATED, caller, channel, List.of());
		});
		return channel;
	}

	/** Changes what is present in {@code input}; the kind stays. */
	public Channel change(Caller caller, String id, ChannelInput input) {
		if (input.kind().isPresent()) {
			throw invalid("kind: a channel keeps its kind; remove it and set up another");
		}
		Optional<String> name = input.name().map(ManagingChannels::name);
		Optional<Set<NotificationEvent>> events = input.events().map((list) -> events(Optional.of(list)));
		// a channel's kind never changes, so the target is checked (and its host
		// resolved)
		// before the row is locked
		Optional<String> target = input.target()
			.map((value) -> target(
					this.channels.find(id).filter(Channel::active).orElseThrow(() -> notFound(id)).kind(), value));
		return this.transaction.execute((status) -> {
			Channel old = this.channels.lock(id).filter(Channel::active).orElseThrow(() -> notFound(id));
			Optional<byte[]> secret = secret(old.kind(), id, input.secret(), false);
			Channel changed = new Channel(id, name.orElse(old.name()), old.kind(), target.orElse(old.target()),
					secret.isPresent() ? secret : old.sealedSecret(), events.orElse(old.events()), old.createdAt(),
					old.createdBy(), this.clock.instant(), Optional.empty());
			List<String> fields = new ArrayList<>();
			name.ifPresent((value) -> fields.add("name"));
			target.ifPresent((value) -> fields.add("target"));
			secret.ifPresent((value) -> fields.add("secret"));
			events.ifPresent((value) -> fields.add("events"));
			this.channels.update(changed);
			record(CHANGED, caller, changed, fields);
			return changed;
		});
	}

	/** Removes the channel; its deliveries not yet made are given up. */
	public void remove(Caller caller, String id, Runnable giveUpDeliveries) {
		this.transaction.executeWithoutResult((status) -> {
			Channel old = this.channels.lock(id).filter(Channel::active).orElseThrow(() -> notFound(id));
			this.channels.remove(id, this.clock.instant());
			giveUpDeliveries.run();
			record(REMOVED, caller, old, List.of());
		});
	}

	private void record(String type, Caller caller, Channel channel, List<String> changed) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", channel.name());
		details.put("kind", channel.kind().wire());
		details.put("targetHost", channel.recordedTarget());
		details.put("events", channel.events().stream().map(NotificationEvent::wire).sorted().toList());
		if (!changed.isEmpty()) {
			details.put("changed", changed);
		}
		this.trail.record(EventDraft.of(type, caller.actor())
			.withAction(type.substring("notification_channel_".length()))
			.withResource(new Resource("notification_channel", channel.id()))
			.withDetails(details));
	}

	private static String name(String name) {
		String stripped = name.strip();
		if (stripped.isEmpty() || stripped.length() > MAX_NAME || stripped.chars().anyMatch(Character::isISOControl)) {
			throw invalid("name: must be 1 to " + MAX_NAME + " characters without control characters");
		}
		return stripped;
	}

	private String target(ChannelKind kind, String target) {
		if (target.length() > MAX_TARGET) {
			throw invalid("target: must be at most " + MAX_TARGET + " characters");
		}
		if (kind == ChannelKind.EMAIL) {
			if (!EMAIL.matcher(target).matches()) {
				throw invalid("target: must be an e-mail address such as team@example.com");
			}
			return target;
		}
		URI uri;
		try {
			uri = new URI(target);
		}
		catch (URISyntaxException ex) {
			throw invalid("target: must be an absolute http(s) URL");
		}
		OutboundGuard.checkForm(uri);
		if (uri.getScheme() == null || uri.getHost() == null || uri.getRawFragment() != null) {
			throw invalid("target: must be an absolute http(s) URL without user info or fragment");
		}
		this.guard.checkBeforeSaving(uri);
		return uri.toString();
	}

	private Optional<byte[]> secret(ChannelKind kind, String id, Optional<String> secret, boolean creating) {
		if (kind != ChannelKind.WEBHOOK) {
			if (secret.isPresent()) {
				throw invalid("secret: only webhook channels have a secret");
			}
			return Optional.empty();
		}
		if (secret.isEmpty()) {
			if (creating) {
				throw invalid("secret: a webhook channel needs a shared secret (" + MIN_SECRET + " to " + MAX_SECRET
						+ " characters) to sign with");
			}
			return Optional.empty();
		}
		byte[] bytes = secret.get().getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET || bytes.length > MAX_SECRET) {
			throw invalid("secret: must be " + MIN_SECRET + " to " + MAX_SECRET + " bytes");
		}
		return Optional.of(this.sealer.seal(bytes, Channel.secretContext(id)));
	}

	private static Set<NotificationEvent> events(Optional<List<String>> wire) {
		if (wire.isEmpty()) {
			return EnumSet.allOf(NotificationEvent.class);
		}
		if (wire.get().isEmpty()) {
			throw invalid("events: names at least one event (or leave it out for all)");
		}
		Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
		for (String name : wire.get()) {
			events.add(NotificationEvent.fromWire(String.valueOf(name))
				.orElseThrow(() -> invalid("events: unknown event '" + name + "'; known: " + known())));
		}
		return events;
	}

	private static String known() {
		return String.join(", ", Arrays.stream(NotificationEvent.values()).map(NotificationEvent::wire).toList());
	}

	static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

	public static CountersignException notFound(String id) {
		return new CountersignException(ErrorCode.ERR_NOT_FOUND, "No notification channel " + id + ".");
	}

}
