package io.countersign.ledger.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A one-pass recogniser for the usual leaf: an event envelope already in canonical form
 * whose text is printable ASCII without escapes. Parsing such a leaf and writing it back
 * (what {@link CanonicalLeaf} does) reproduces it byte for byte, so recognising it is
 * enough; that costs a fraction of the round trip, which dominated verification.
 *
 * <p>
 * It is deliberately narrower than the full check: it only ever answers "certainly a
 * canonical envelope". Anything it does not fully understand (escapes, non-ASCII, DEL,
 * fractions or exponents, long integers, {@code null}, empty containers, deep nesting,
 * members out of canonical order) makes it answer "not sure", and the caller runs the
 * full parse-and-rewrite check, which also produces the failure message. Each rule below
 * mirrors one of {@code Event.fromLeaf}, {@code Envelope}, {@code JsonParser} or the
 * canonical {@code JsonWriter}.
 *
 * <p>
 * On a match it also tells where the members that {@link DerivedColumn derived columns}
 * copy are, so they can be compared with the stored columns byte for byte: the text of an
 * unescaped ASCII string is exactly its UTF-8 bytes.
 */
final class PlainCanonicalEnvelope {

	// Well under JsonParser.MAX_DEPTH (64), so depth never decides between the paths.
	private static final int MAX_DEPTH = 16;

	// Envelope.MEMBERS in RFC 8785 order (by UTF-16 code units; all ASCII here).
	private static final byte[][] MEMBER_KEYS = keys("action", "actor", "details", "id", "links", "nonce", "outcome",
			"reason", "resource", "source", "submitter", "ts", "type");

	private static final int ACTION = 0, ACTOR = 1, DETAILS = 2, ID = 3, LINKS = 4, NONCE = 5, OUTCOME = 6, REASON = 7,
			RESOURCE = 8, SOURCE = 9, SUBMITTER = 10, TS = 11, TYPE = 12;

	private static final int REQUIRED = (1 << ID) | (1 << TS) | (1 << TYPE) | (1 << ACTOR) | (1 << OUTCOME)
			| (1 << NONCE);

	private static final byte[][] OUTCOMES = { ascii("\"success\""), ascii("\"failure\""), ascii("\"denied\""),
			ascii("\"error\"") };

	private static final byte[] ID_KEY = ascii("\"id\":");

	private static final byte[] TYPE_KEY = ascii(",\"type\":"); // after the id

	private static final byte[] ACCOUNT_KEY = ascii("\"account\":");

	private static final byte[] CREDENTIAL_KEY = ascii(",\"credential\":"); // after the
																			// account

	private static final byte[] IP_KEY = ascii("\"ip\":");

	private static final byte[] USER_AGENT_KEY = ascii("\"user_agent\":");

	private static final byte[] TRUE = ascii("true");

	private static final byte[] FALSE = ascii("false");

	/** Bytes a string may hold as they are: printable ASCII but '"' and '\\'. */
	private static final boolean[] PLAIN = new boolean[256];

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	static {
		for (int b = 0x20; b <= 0x7e; b++) {
			PLAIN[b] = b != '"' && b != '\\';
		}
	}

	private byte[] leaf;

	private int at;

	/**
	 * After a match: where each {@link DerivedColumn}'s member value lies in the leaf
	 * (its string without quotes), by ordinal; -1 for an absent member ({@code TS}: see
	 * {@link #epochMillis}).
	 */
	final int[] valueFrom = new int[DerivedColumn.values().length];

	final int[] valueTo = new int[DerivedColumn.values().length];

	/** After a match: the {@code ts} member as milliseconds since the Unix epoch. */
	long epochMillis;

	/** Where the leaf ends in {@code leaf}. */
	private int end;

	/** True only if {@code leaf} is certainly a canonical event envelope. */
	static boolean matches(byte[] leaf) {
		return new PlainCanonicalEnvelope().matches(leaf, 0, leaf.length);
	}

	/**
	 * True only if {@code data[from, to)} is certainly a canonical event envelope; one
	 * instance scans leaf after leaf on one thread.
	 */
	boolean matches(byte[] data, int from, int to) {
		this.leaf = data;
		this.at = from;
		this.end = to;
		Arrays.fill(this.valueFrom, -1);
		boolean matches = envelope() && this.at == to;
		this.leaf = null;
		return matches;
	}

	// Members are tried in canonical order, so unknown, duplicate or misordered names
	// simply fail to match.
	private boolean envelope() {
		if (!take('{')) {
			return false;
		}
		int present = 0;
		for (int member = 0; member < MEMBER_KEYS.length; member++) {
			if (!name(MEMBER_KEYS[member], present == 0)) {
				continue;
			}
			if (!memberValue(member)) {
				return false;
			}
			present |= 1 << member;
		}
		return (present & REQUIRED) == REQUIRED && take('}');
	}

	private boolean memberValue(int member) {
		int text = this.at + 1; // after the opening quote, if a string
		return switch (member) {
			case ID, NONCE -> nonEmptyString(); // Envelope.requireText
			case TYPE -> nonEmptyString() && copied(DerivedColumn.TYPE, text);
			case ACTION -> string() >= 0 && copied(DerivedColumn.ACTION, text);
			case REASON -> string() >= 0;
			case TS -> timestamp();
			case OUTCOME -> oneOf(OUTCOMES) && copied(DerivedColumn.OUTCOME, text);
			// both required and non-empty
			case ACTOR -> idAndType(DerivedColumn.ACTOR_ID, DerivedColumn.ACTOR_TYPE);
			case RESOURCE -> idAndType(DerivedColumn.RESOURCE_ID, DerivedColumn.RESOURCE_TYPE);
			case SOURCE -> source();
			case SUBMITTER -> submitter();
			case LINKS -> object(0, true);
			case DETAILS -> object(0, false);
			default -> false;
		};
	}

	// {"id":"…","type":"…"} — the canonical order of Actor and Resource members.
	private boolean idAndType(DerivedColumn id, DerivedColumn type) {
		if (!take('{') || !take(ID_KEY)) {
			return false;
		}
		int idText = this.at + 1;
		if (!nonEmptyString() || !copied(id, idText) || !take(TYPE_KEY)) {
			return false;
		}
		int typeText = this.at + 1;
		return nonEmptyString() && copied(type, typeText) && take('}');
	}

	/** Notes where a string just taken (its text from {@code text}) lies. */
	private boolean copied(DerivedColumn column, int text) {
		this.valueFrom[column.ordinal()] = text;
		this.valueTo[column.ordinal()] = this.at - 1;
		return true;
	}

	// {"account":"…","credential":"…"} — both required and non-empty (Submitter); absent
	// from leaves written before it existed, so not in REQUIRED.
	private boolean submitter() {
		return take('{') && take(ACCOUNT_KEY) && nonEmptyString() && take(CREDENTIAL_KEY) && nonEmptyString()
				&& take('}');
	}

	// An empty source is dropped by Event, so "{}" is not canonical: need one member.
	private boolean source() {
		if (!take('{')) {
			return false;
		}
		boolean ip = name(IP_KEY, true);
		if (ip && string() < 0) {
			return false;
		}
		if (name(USER_AGENT_KEY, !ip)) {
			if (string() < 0) {
				return false;
			}
		}
		else if (!ip) {
			return false;
		}
		return take('}');
	}

	/**
	 * A non-empty object (Event drops empty links and details) with names in strictly
	 * increasing order (canonical, and no duplicates).
	 */
	private boolean object(int depth, boolean stringValues) {
		if (depth > MAX_DEPTH || !take('{')) {
			return false;
		}
		int previousStart = -1;
		int previousEnd = -1;
		do {
			int start = string();
			if (start < 0) {
				return false;
			}
			int end = this.at - 1;
			if (previousStart >= 0 && compare(previousStart, previousEnd, start, end) >= 0) {
				return false;
			}
			previousStart = start;
			previousEnd = end;
			if (!take(':') || !(stringValues ? string() >= 0 : value(depth + 1))) {
				return false;
			}
		}
		while (take(','));
		return take('}');
	}

	private boolean array(int depth) {
		if (depth > MAX_DEPTH || !take('[')) {
			return false;
		}
		do {
			if (!value(depth + 1)) {
				return false;
			}
		}
		while (take(','));
		return take(']');
	}

	private boolean value(int depth) {
		if (this.at >= this.end) {
			return false;
		}
		byte b = this.leaf[this.at];
		return switch (b) {
			case '"' -> string() >= 0;
			case '{' -> object(depth, false);
			case '[' -> array(depth);
			case 't' -> take(TRUE);
			case 'f' -> take(FALSE);
			default -> integer();
		};
	}

	// Integers that Long.toString writes back unchanged and that lie well inside ±2^53
	// (the canonical writer's limit): 0, or up to 15 digits without a leading zero.
	private boolean integer() {
		int start = this.at;
		take('-');
		int digitsStart = this.at;
		while (this.at < this.end && isDigit(this.leaf[this.at])) {
			this.at++;
		}
		int digits = this.at - digitsStart;
		if (digits == 0 || digits > 15) {
			return false;
		}
		if (this.leaf[digitsStart] == '0') {
			// "0" only: "-0" is written back as "0", "01" is not JSON
			return digits == 1 && digitsStart == start;
		}
		return true;
	}

	/**
	 * A string of printable ASCII without escapes: the canonical writer escapes only '"',
	 * '\\' and controls, so such a string is written back as it is. Returns the offset of
	 * its first character and leaves {@code at} after the closing quote, or -1.
	 */
	private int string() {
		byte[] t = this.leaf;
		int at = this.at;
		int end = this.end;
		if (at >= end || t[at] != '"') {
			return -1;
		}
		int start = at + 1;
		int i = start;
		// Eight bytes at a time: the lowest byte flagged by stops() is exactly the first
		// that ends or escapes the string, so it is found without a byte loop.
		while (i + Long.BYTES <= end) {
			long stops = stops((long) LONGS.get(t, i));
			if (stops != 0) {
				i += Long.numberOfTrailingZeros(stops) >>> 3;
				return closed(t, i, start);
			}
			i += Long.BYTES;
		}
		while (i < end && PLAIN[t[i] & 0xff]) {
			i++;
		}
		return (i < end) ? closed(t, i, start) : -1;
	}

	/** The end of a string at {@code t[i]}, a byte that is not plain: only '"' is. */
	private int closed(byte[] t, int i, int start) {
		if (t[i] != '"') {
			return -1;
		}
		this.at = i + 1;
		return start;
	}

	private boolean nonEmptyString() {
		int start = string();
		return start >= 0 && this.at - 1 > start;
	}

	// Envelope.parseTimestamp then formatTimestamp: "uuuu-MM-ddTHH:mm:ss.SSSZ" that is a
	// real instant (leap seconds, year 0 and the like are left to the full check).
	private boolean timestamp() {
		int s = this.at;
		if (s + 26 > this.end || this.leaf[s] != '"' || this.leaf[s + 25] != '"') {
			return false;
		}
		byte[] t = this.leaf;
		int p = s + 1;
		if (t[p + 4] != '-' || t[p + 7] != '-' || t[p + 10] != 'T' || t[p + 13] != ':' || t[p + 16] != ':'
				|| t[p + 19] != '.' || t[p + 23] != 'Z') {
			return false;
		}
		int year = number(p, 4);
		int month = number(p + 5, 2);
		int day = number(p + 8, 2);
		int hour = number(p + 11, 2);
		int minute = number(p + 14, 2);
		int second = number(p + 17, 2);
		int millis = number(p + 20, 3);
		if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
				|| minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
			return false;
		}
		this.at = s + 26;
		// a valid date (checked above), so this cannot throw
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		this.epochMillis = ((epochDay * 24 + hour) * 60 + minute) * 60_000 + second * 1000L + millis;
		return true;
	}

	private int number(int from, int digits) {
		int value = 0;
		for (int i = from; i < from + digits; i++) {
			if (!isDigit(this.leaf[i])) {
				return -1;
			}
			value = value * 10 + (this.leaf[i] - '0');
		}
		return value;
	}

	private static int daysIn(int year, int month) {
		return switch (month) {
			case 2 -> ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	private boolean oneOf(byte[][] literals) {
		for (byte[] literal : literals) {
			if (take(literal)) {
				return true;
			}
		}
		return false;
	}

	private boolean take(char c) {
		if (this.at < this.end && this.leaf[this.at] == c) {
			this.at++;
			return true;
		}
		return false;
	}

	private boolean take(byte[] literal) {
		int end = this.at + literal.length;
		if (end > this.end) {
			return false;
		}
		// Literals are a few bytes and most tries fail on the first: a plain loop beats
		// the vectorised Arrays.equals, whose set-up dominates at this length.
		for (int i = 0; i < literal.length; i++) {
			if (this.leaf[this.at + i] != literal[i]) {
				return false;
			}
		}
		this.at = end;
		return true;
	}

	/** Takes a member name ({@code "name":}), after a comma unless it is the first. */
	private boolean name(byte[] key, boolean first) {
		int start = this.at;
		if ((first || take(',')) && take(key)) {
			return true;
		}
		this.at = start;
		return false;
	}

	/**
	 * A mask with the high bit set in each of eight bytes that may be a control, '"',
	 * '\\', DEL or above (SWAR tests for a byte below 0x20, a high bit, and bytes equal
	 * to 0x7f, '"' and '\\'). Each test may flag bytes above (after) a byte it rightly
	 * flags, never one below it: the lowest flagged byte is the first that is not plain.
	 */
	private static long stops(long eight) {
		long below = (eight - 0x2020202020202020L) & ~eight;
		return (below | eight | zeroByte(eight ^ 0x7f7f7f7f7f7f7f7fL) | zeroByte(eight ^ 0x2222222222222222L)
				| zeroByte(eight ^ 0x5c5c5c5c5c5c5c5cL)) & 0x8080808080808080L;
	}

	private static long zeroByte(long v) {
		return (v - 0x0101010101010101L) & ~v;
	}

	/** Compares two runs of the leaf as unsigned bytes, a prefix first. */
	private int compare(int aFrom, int aTo, int bFrom, int bTo) {
		int length = Math.min(aTo - aFrom, bTo - bFrom);
		for (int i = 0; i < length; i++) {
			int a = this.leaf[aFrom + i] & 0xff;
			int b = this.leaf[bFrom + i] & 0xff;
			if (a != b) {
				return a - b;
			}
		}
		return (aTo - aFrom) - (bTo - bFrom);
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	private static byte[][] keys(String... names) {
		byte[][] keys = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			keys[i] = ascii("\"" + names[i] + "\":");
		}
		return keys;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
