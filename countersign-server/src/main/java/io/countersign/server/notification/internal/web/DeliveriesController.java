package io.countersign.server.notification.internal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.notification.internal.delivery.Deliveries;
import io.countersign.server.notification.internal.delivery.Delivery;
import io.countersign.server.notification.internal.inbox.InboxItem;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What was sent where, and what failed: every delivery, newest first. */
@RestController
@Tag(name = "Notifications", description = "Inbox, notification channels and their deliveries")
class DeliveriesController {

	static final int MAX_PAGE = 200;

	private final Deliveries deliveries;

	DeliveriesController(Deliveries deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping(path = "/api/v1/notification-deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Deliveries newest first: status=pending|delivered|failed, channel=<id>, before=<id>, limit")
	@RequiresPermission("notifications:manage")
	Map<String, Object> list(@RequestParam Optional<String> status, @RequestParam Optional<String> channel,
			@RequestParam Optional<String> before, @RequestParam Optional<Integer> limit) {
		int size = Web.limit(limit, MAX_PAGE);
		List<Delivery> page = this.deliveries.page(status.map(DeliveriesController::status), channel.map(Web::id),
				before.map(Web::id), size);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("items", page.stream().map(DeliveriesController::json).toList());
		if (page.size() == size) {
			json.put("next", page.get(size - 1).id());
		}
		return json;
	}

	private static Delivery.Status status(String wire) {
		try {
			return Delivery.Status.valueOf(wire.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "status: must be pending, delivered or failed");
		}
	}

	private static Map<String, Object> json(Delivery delivery) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", delivery.id());
		delivery.channelId().ifPresent((id) -> json.put("channel", id));
		json.put("kind", delivery.kind().wire());
		// a Slack URL carries its secret; a person's address is shown to whoever manages
		// notifications
		json.put("recipient", switch (delivery.kind()) {
			case SLACK -> "slack";
			case WEBHOOK, EMAIL -> delivery.recipient();
		});
		json.put("topic", delivery.topic());
		// an approval notice names its request, an alert notice its alert
		json.put(InboxItem.ALERT.equals(delivery.topic()) ? "alertId" : "requestId", delivery.requestId());
		json.put("event", delivery.event());
		json.put("status", delivery.status().wire());
		json.put("attempts", delivery.attempts());
		delivery.lastError().ifPresent((error) -> json.put("lastError", error));
		if (delivery.status() == Delivery.Status.PENDING) {
			json.put("nextAttemptAt", delivery.nextAttemptAt().toString());
		}
		json.put("createdAt", delivery.createdAt().toString());
		delivery.deliveredAt().ifPresent((at) -> json.put("deliveredAt", at.toString()));
		return json;
	}

}
