package io.countersign.ledger.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the members of an approval event's {@code details} as APPROVAL-EVENTS (the event
 * contract in docs/approvals.md) types them; a member of the wrong shape fails the
 * package.
 */
final class Details {

	private final LoggedEvent at;

	private final Map<String, Object> details;

	Details(LoggedEvent at) {
		this.at = at;
		this.details = at.event().details();
	}

	boolean has(String name) {
		return this.details.containsKey(name);
	}

	/** The member as parsed (a JSON null is Java null), or empty when absent. */
	Optional<Object> raw(String name) {
		return has(name) ? Optional.ofNullable(this.details.get(name)) : Optional.empty();
	}

	String text(String name) throws TamperedEvidence {
		if (!(this.details.get(name) instanceof String value)) {
			throw malformed(name, "a string");
		}
		return value;
	}

	Optional<String> optionalText(String name) throws TamperedEvidence {
		return (this.details.get(name) == null) ? Optional.empty() : Optional.of(text(name));
	}

	int positive(String name) throws TamperedEvidence {
		if (!(this.details.get(name) instanceof Long value) || value < 1 || value > Integer.MAX_VALUE) {
			throw malformed(name, "a whole number from 1");
		}
		return value.intValue();
	}

	Optional<Integer> optionalPositive(String name) throws TamperedEvidence {
		return has(name) ? Optional.of(positive(name)) : Optional.empty();
	}

	Map<String, Object> object(String name) throws TamperedEvidence {
		return asObject(this.details.get(name)).orElseThrow(() -> malformed(name, "an object"));
	}

	List<String> texts(String name) throws TamperedEvidence {
		if (!(this.details.get(name) instanceof List<?> list)) {
			throw malformed(name, "an array of strings");
		}
		List<String> texts = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String text)) {
				throw malformed(name, "an array of strings");
			}
			texts.add(text);
		}
		return List.copyOf(texts);
	}

	TamperedEvidence malformed(String name, String shape) {
		return new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
				this.at.describe() + ": details." + name + " must be " + shape);
	}

	static Optional<Map<String, Object>> asObject(Object value) {
		if (!(value instanceof Map<?, ?> map)) {
			return Optional.empty();
		}
		Map<String, Object> object = new LinkedHashMap<>();
		map.forEach((key, member) -> object.put((String) key, member));
		return Optional.of(object);
	}

}
