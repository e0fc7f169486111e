package io.countersign.server.alert.internal.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.countersign.server.notification.AlertRecipients;

/** Routes as the API shows them and the ledger records them (sorted lists). */
final class RouteJson {

	private RouteJson() {
	}

	static Map<String, Object> route(Route route) {
		Map<String, Object> json = recipients(route.recipients());
		route.escalation().ifPresent((escalation) -> {
			Map<String, Object> second = new LinkedHashMap<>();
			second.put("after", escalation.after().toString());
			second.putAll(recipients(escalation.to()));
			json.put("escalation", second);
		});
		return json;
	}

	static Map<String, Object> recipients(AlertRecipients recipients) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("channels", List.copyOf(new TreeSet<>(recipients.channels())));
		json.put("roles", List.copyOf(new TreeSet<>(recipients.roles())));
		json.put("accounts", List.copyOf(new TreeSet<>(recipients.accounts())));
		return json;
	}

}
