package io.countersign.server.notification.internal.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.notification.internal.inbox.Inbox;
import io.countersign.server.notification.internal.inbox.InboxItem;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notices: what needs them and how their requests ended. */
@RestController
@Tag(name = "Notifications", description = "Inbox, notification channels and their deliveries")
class InboxController {

	static final int MAX_PAGE = 100;

	private final Inbox inbox;

	private final Clock clock;

	InboxController(Inbox inbox, Clock clock) {
		this.inbox = inbox;
		this.clock = clock;
	}

	@GetMapping(path = "/api/v1/me/inbox", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's notices, newest first (unread=true for unread ones; before=<id> pages on)")
	@SelfService
	Map<String, Object> list(@AuthenticationPrincipal Caller caller,
			@RequestParam(defaultValue = "false") boolean unread, @RequestParam Optional<String> before,
			@RequestParam Optional<Integer> limit) {
		int size = Web.limit(limit, MAX_PAGE);
		List<InboxItem> items = this.inbox.of(caller.username(), unread, before.map(Web::id), size);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("items", items.stream().map(InboxController::json).toList());
		json.put("unread", this.inbox.unread(caller.username()));
		if (items.size() == size) {
			json.put("next", items.get(size - 1).id());
		}
		return json;
	}

	@PostMapping("/api/v1/me/inbox/{id}/read")
	@Operation(summary = "Mark one of the caller's notices read")
	@SelfService
	ResponseEntity<Void> read(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		if (!this.inbox.markRead(caller.username(), Web.id(id), this.clock.instant())) {
			throw new CountersignException(ErrorCode.ERR_NOT_FOUND, "No notice " + id + " in your inbox.");
		}
		return ResponseEntity.noContent().build();
	}

	private static Map<String, Object> json(InboxItem item) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", item.id());
		json.put("event", item.event());
		json.put("topic", item.topic());
		// an approval notice names its request, an alert notice its alert
		json.put(InboxItem.ALERT.equals(item.topic()) ? "alertId" : "requestId", item.requestId());
		json.put("title", item.title());
		json.put("link", item.link());
		json.put("createdAt", item.createdAt().toString());
		json.put("read", item.readAt().isPresent());
		item.readAt().ifPresent((at) -> json.put("readAt", at.toString()));
		return json;
	}

}
