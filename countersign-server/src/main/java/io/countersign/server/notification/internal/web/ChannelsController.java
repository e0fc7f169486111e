package io.countersign.server.notification.internal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.notification.internal.NotificationEvent;
import io.countersign.server.notification.internal.channels.Channel;
import io.countersign.server.notification.internal.channels.ManagingChannels;
import io.countersign.server.notification.internal.channels.ManagingChannels.ChannelInput;
import io.countersign.server.notification.internal.channels.NotificationChannels;
import io.countersign.server.notification.internal.delivery.Deliveries;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notification channels: generic webhooks, Slack-compatible webhooks and e-mail
 * addresses, and the events each receives. A webhook's secret is write-only.
 */
@RestController
@RequestMapping(path = "/api/v1/notification-channels", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Notifications", description = "Inbox, notification channels and their deliveries")
class ChannelsController {

	private final ManagingChannels managing;

	private final NotificationChannels channels;

	private final Deliveries deliveries;

	ChannelsController(ManagingChannels managing, NotificationChannels channels, Deliveries deliveries) {
		this.managing = managing;
		this.channels = channels;
		this.deliveries = deliveries;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set up a channel: kind webhook|slack|email, target URL or address, secret (webhook), events")
	@RequiresPermission("notifications:manage")
	ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, @RequestBody ChannelBody body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(json(this.managing.create(caller, body.input())));
	}

	@GetMapping
	@Operation(summary = "The channels, removed ones too if includeRemoved=true")
	@RequiresPermission("notifications:manage")
	Map<String, Object> list(@RequestParam(defaultValue = "false") boolean includeRemoved) {
		return Map.of("items", this.channels.all(includeRemoved).stream().map(ChannelsController::json).toList());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One channel")
	@RequiresPermission("notifications:manage")
	Map<String, Object> get(@PathVariable String id) {
		return json(this.channels.find(Web.id(id)).orElseThrow(() -> ManagingChannels.notFound(id)));
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a channel's name, target, secret or events (what the body holds)")
	@RequiresPermission("notifications:manage")
	Map<String, Object> change(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody ChannelBody body) {
		return json(this.managing.change(caller, Web.id(id), body.input()));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove a channel; its deliveries not yet made are given up")
	@RequiresPermission("notifications:manage")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		String channel = Web.id(id);
		this.managing.remove(caller, channel, () -> this.deliveries.giveUpChannel(channel));
		return ResponseEntity.noContent().build();
	}

	static Map<String, Object> json(Channel channel) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", channel.id());
		json.put("name", channel.name());
		json.put("kind", channel.kind().wire());
		json.put("target", channel.shownTarget());
		json.put("hasSecret", channel.sealedSecret().isPresent());
		json.put("events", channel.events().stream().map(NotificationEvent::wire).sorted().toList());
		json.put("createdAt", channel.createdAt().toString());
		json.put("createdBy", channel.createdBy());
		json.put("updatedAt", channel.updatedAt().toString());
		channel.removedAt().ifPresent((at) -> json.put("removedAt", at.toString()));
		return json;
	}

	record ChannelBody(String name, String kind, String target, String secret, List<String> events) {

		ChannelInput input() {
			return new ChannelInput(Optional.ofNullable(this.name), Optional.ofNullable(this.kind),
					Optional.ofNullable(this.target), Optional.ofNullable(this.secret),
					Optional.ofNullable(this.events));
		}

		@Override
		public String toString() {
			return "ChannelBody[" + this.name + ", " + this.kind + "]";
		}

	}

}
