package io.countersign.server.alert.internal.engine;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event's {@code details}, read from its leaf the first time a detector looks at them.
 * Most rules never do (they count types, actors and outcomes), and building the map of
 * every event was the largest part of the engine's work per entry.
 */
final class LeafDetails extends AbstractMap<String, Object> {

	private final JsonMapper json;

	private final byte[] leaf;

	private Map<String, Object> details;

	LeafDetails(JsonMapper json, byte[] leaf) {
		this.json = json;
		this.leaf = leaf;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Set<Entry<String, Object>> entrySet() {
		if (this.details == null) {
			try {
				JsonNode node = this.json.readTree(this.leaf).get("details");
				this.details = (node == null) ? Map.of() : this.json.treeToValue(node, LinkedHashMap.class);
			}
			catch (JacksonException ex) {
				throw new IllegalStateException("the details of a ledger entry are not JSON", ex);
			}
		}
		return this.details.entrySet();
	}

}
