package io.countersign.ledger.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a JSON object in RFC 8785 canonical form member by member, for callers that know
 * their members' names and can give them in sorted order; it refuses any other order, so
 * the bytes are those {@link CanonicalJson#canonicalize} gives for the same object,
 * without building a map and sorting it first.
 */
public final class CanonicalObject {

	private final JsonWriter json;

	// the last member name written in each open object, innermost first ("" before the
	// first)
	private final Deque<String> lastNames = new ArrayDeque<>();

	public CanonicalObject(int capacity) {
		this.json = new JsonWriter(true, capacity);
		open();
	}

	/** Starts a member whose value is an object; end it with {@link #end()}. */
	public CanonicalObject object(String name) {
		name(name);
		open();
		return this;
	}

	/** A member with a string value. */
	public CanonicalObject string(String name, String value) {
		name(name);
		this.json.string(value);
		return this;
	}

	/** A member with any value {@link CanonicalJson#canonicalize} takes. */
	public CanonicalObject value(String name, Object value) {
		name(name);
		this.json.value(value);
		return this;
	}

	/** Ends the innermost open object. */
	public CanonicalObject end() {
		if (this.lastNames.isEmpty()) {
			throw new IllegalStateException("no object is open");
		}
		this.lastNames.pop();
		this.json.out().append('}');
		return this;
	}

	/** The UTF-8 bytes, once every object is ended. */
	public byte[] toBytes() {
		end();
		if (!this.lastNames.isEmpty()) {
			throw new IllegalStateException(this.lastNames.size() + " objects are still open");
		}
		return this.json.out().toString().getBytes(StandardCharsets.UTF_8);
	}

	private void open() {
		this.json.out().append('{');
		this.lastNames.push("");
	}

	// RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names, as
	// String.compareTo orders them.
	private void name(String name) {
		String last = this.lastNames.pop();
		if (name.compareTo(last) <= 0) {
			throw new IllegalStateException("member \"" + name + "\" must come before \"" + last + "\"");
		}
		if (!last.isEmpty()) {
			this.json.out().append(',');
		}
		this.lastNames.push(name);
		this.json.string(name);
		this.json.out().append(':');
	}

}
