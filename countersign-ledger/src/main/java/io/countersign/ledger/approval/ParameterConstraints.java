// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.countersign.ledger.json.CanonicalJson;
import io.countersign.ledger.json.Json;

/**
 * What a standing rule allows of a request's parameters: one constraint per parameter
 * path, and nothing else. A request matches when every constrained path holds a value the
 * constraint allows and every value in its parameters lies at a constrained path (so a
 * parameter the rule's author never thought of stops the rule from applying). The JSON
 * form and the exact rules are in docs/approvals.md, "Standing rules".
 *
 * @param byPath constraint by path ({@code secret}, {@code target.region}), sorted
 */
public record ParameterConstraints(Map<String, Constraint> byPath) {

	/** Member names joined by dots; each name as JSON allows, without a dot. */
	private static final Pattern PATH = Pattern.compile("[^.]+(\\.[^.]+)*");

	/** Bounds the work of matching and the size of a rule. */
	public static final int MAX_CONSTRAINTS = 32;

	public ParameterConstraints {
		if (byPath.isEmpty()) {
			throw new IllegalArgumentException("constraints names at least one parameter");
		}
		if (byPath.size() > MAX_CONSTRAINTS) {
			throw new IllegalArgumentException("constraints names at most " + MAX_CONSTRAINTS + " parameters");
		}
		for (String path : byPath.keySet()) {
			if (!PATH.matcher(path).matches()) {
				throw new IllegalArgumentException("constraints: \"" + path
						+ "\" is not a parameter path (member names joined by dots, none empty)");
			}
			for (String other : byPath.keySet()) {
				if (other.startsWith(path + ".")) {
					throw new IllegalArgumentException(
							"constraints: \"" + other + "\" lies inside \"" + path + "\", which is constrained whole");
				}
			}
		}
		byPath = Collections.unmodifiableMap(new TreeMap<>(byPath));
	}

	/** What one parameter may be. */
	public sealed interface Constraint permits Equals, OneOf, Range {

		boolean allows(Object value);

		/**
		 * The JSON form: {@code {"equals": v}}, {@code {"in": [..]}}, {@code {"min"?,
		 * "max"?}}.
		 */
		Map<String, Object> toJson();

	}

	/**
	 * Exactly this JSON value (compared in RFC 8785 form, so {@code 1} equals
	 * {@code 1.0}).
	 */
	public record Equals(Object value) implements Constraint {

		@Override
		public boolean allows(Object candidate) {
			return sameJson(this.value, candidate);
		}

		@Override
		public Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("equals", this.value);
			return json;
		}

	}

	/** One of these JSON values. */
	public record OneOf(List<Object> values) implements Constraint {

		@Override
		public boolean allows(Object candidate) {
			return this.values.stream().anyMatch((value) -> sameJson(value, candidate));
		}

		@Override
		public Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("in", this.values);
			return json;
		}

	}

	/** A JSON number from {@code min} to {@code max}, both included, either open. */
	public record Range(Optional<BigDecimal> min, Optional<BigDecimal> max) implements Constraint {

		@Override
		public boolean allows(Object candidate) {
			Optional<BigDecimal> number = number(candidate);
			return number.isPresent() && this.min.map((bound) -> number.get().compareTo(bound) >= 0).orElse(true)
					&& this.max.map((bound) -> number.get().compareTo(bound) <= 0).orElse(true);
		}

		@Override
		public Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			this.min.ifPresent((bound) -> json.put("min", bound));
			this.max.ifPresent((bound) -> json.put("max", bound));
			return json;
		}

	}

	/**
	 * Reads the JSON form: an object whose members are parameter paths, each an object
	 * with {@code equals}, or {@code in} (a non-empty array), or {@code min} and/or
	 * {@code max} (numbers).
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static ParameterConstraints fromJson(Object json) {
		if (!(json instanceof Map<?, ?> object)) {
			throw new IllegalArgumentException("constraints is an object of parameter paths");
		}
		Map<String, Constraint> byPath = new TreeMap<>();
		for (Map.Entry<?, ?> entry : object.entrySet()) {
			String path = String.valueOf(entry.getKey());
			byPath.put(path, constraint(path, normalized(entry.getValue())));
		}
		return new ParameterConstraints(byPath);
	}

	private static Constraint constraint(String path, Object json) {
		String where = "constraints." + path;
		if (!(json instanceof Map<?, ?> object) || object.isEmpty()) {
			throw new IllegalArgumentException(where + " is an object with equals, in, or min and/or max");
		}
		if (object.containsKey("equals")) {
			if (object.size() != 1) {
				throw new IllegalArgumentException(where + ": equals stands alone");
			}
			return new Equals(object.get("equals"));
		}
		if (object.containsKey("in")) {
			if (object.size() != 1 || !(object.get("in") instanceof List<?> values) || values.isEmpty()) {
				throw new IllegalArgumentException(where + ": in is a non-empty array and stands alone");
			}
			return new OneOf(Collections.unmodifiableList(new ArrayList<>(values)));
		}
		for (Object member : object.keySet()) {
			if (!"min".equals(member) && !"max".equals(member)) {
				throw new IllegalArgumentException(
						where + ": unknown member \"" + member + "\" (a constraint is equals, in, or min and/or max)");
			}
		}
		Optional<BigDecimal> min = bound(where + ".min", object.get("min"), object.containsKey("min"));
		Optional<BigDecimal> max = bound(where + ".max", object.get("max"), object.containsKey("max"));
		if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
			throw new IllegalArgumentException(where + ": min is above max");
		}
		return new Range(min, max);
	}

	private static Optional<BigDecimal> bound(String where, Object value, boolean present) {
		if (!present) {
			return Optional.empty();
		}
		return Optional.of(number(value).orElseThrow(() -> new IllegalArgumentException(where + " is a number")));
	}

	/** The JSON form, members sorted by path. */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		this.byPath.forEach((path, constraint) -> json.put(path, constraint.toJson()));
		return json;
	}

	/**
	 * Why {@code parameters} do not match, or empty when they do: the first constrained
	 * path that is missing or holds a value not allowed, or the first value at a path no
	 * constraint names.
	 */
	public Optional<String> mismatch(Map<String, Object> parameters) {
		Map<String, Object> normalized = Json.parse(Json.write(parameters)) instanceof Map<?, ?> map ? asObject(map)
				: Map.of();
		for (Map.Entry<String, Constraint> entry : this.byPath.entrySet()) {
			Optional<Object> value = at(normalized, entry.getKey());
			if (value.isEmpty()) {
				return Optional.of("the parameters have no \"" + entry.getKey() + "\"");
			}
			if (!entry.getValue().allows(value.get())) {
				return Optional
					.of("\"" + entry.getKey() + "\" is " + Json.write((value.get() == NULL) ? null : value.get())
							+ ", the rule allows " + Json.write(entry.getValue().toJson()));
			}
		}
		return unconstrained(normalized, "").map((path) -> "\"" + path + "\" is not named by the rule");
	}

	public boolean matches(Map<String, Object> parameters) {
		return mismatch(parameters).isEmpty();
	}

	// the first value outside every constrained path; an object is looked into
	private Optional<String> unconstrained(Map<String, Object> object, String prefix) {
		for (Map.Entry<String, Object> member : object.entrySet()) {
			String path = prefix + member.getKey();
			if (this.byPath.containsKey(path)) {
				continue;
			}
			if (member.getValue() instanceof Map<?, ?> inner) {
				Optional<String> found = unconstrained(asObject(inner), path + ".");
				if (found.isPresent()) {
					return found;
				}
			}
			else {
				return Optional.of(path);
			}
		}
		return Optional.empty();
	}

	// a JSON null is a value: present, and equal only to null
	private static Optional<Object> at(Map<String, Object> parameters, String path) {
		Object current = parameters;
		for (String name : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> object) || !object.containsKey(name)) {
				return Optional.empty();
			}
			current = object.get(name);
		}
		return Optional.of(Optional.ofNullable(current).orElse(NULL));
	}

	private static final Object NULL = new Object();

	private static boolean sameJson(Object expected, Object candidate) {
		return Arrays.equals(CanonicalJson.canonicalize(expected),
				CanonicalJson.canonicalize((candidate == NULL) ? null : candidate));
	}

	private static Optional<BigDecimal> number(Object value) {
		if (value instanceof Long whole) {
			return Optional.of(BigDecimal.valueOf(whole));
		}
		if (value instanceof BigDecimal decimal) {
			return Optional.of(decimal);
		}
		return Optional.empty();
	}

	private static Object normalized(Object json) {
		return Json.parse(Json.write(json));
	}

	private static Map<String, Object> asObject(Map<?, ?> map) {
		Map<String, Object> object = new LinkedHashMap<>();
		map.forEach((key, value) -> object.put((String) key, value));
		return object;
	}

}
