package io.countersign.bench;

import java.util.Map;

/** One generated audit event, before the ledger gives it an id, a time and an index. */
record SampleEvent(String type, String actorId, String actorType, String action, String resourceType, String resourceId,
		String outcome, String reason, String sourceIp, String userAgent, Map<String, Object> details) {

	/** The event as the JSON body of {@code POST /api/v1/events}. */
	String toJson() {
		StringBuilder json = new StringBuilder(512);
		json.append("{\"type\":").append(quote(this.type));
		json.append(",\"actor\":{\"id\":")
			.append(quote(this.actorId))
			.append(",\"type\":")
			.append(quote(this.actorType));
		json.append("},\"action\":").append(quote(this.action));
		json.append(",\"resource\":{\"type\":")
			.append(quote(this.resourceType))
			.append(",\"id\":")
			.append(quote(this.resourceId));
		json.append("},\"outcome\":").append(quote(this.outcome));
		json.append(",\"reason\":").append(quote(this.reason));
		json.append(",\"source\":{\"ip\":")
			.append(quote(this.sourceIp))
			.append(",\"user_agent\":")
			.append(quote(this.userAgent));
		json.append("},\"details\":{");
		String separator = "";
		for (Map.Entry<String, Object> detail : this.details.entrySet()) {
			json.append(separator).append(quote(detail.getKey())).append(':');
			Object value = detail.getValue();
			json.append((value instanceof String text) ? quote(text) : String.valueOf(value));
			separator = ",";
		}
		return json.append("}}").toString();
	}

	// The generator only produces printable ASCII without quotes or backslashes.
	private static String quote(String text) {
		return "\"" + text + "\"";
	}

}
