package io.countersign.server.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.server.shared.Caller;

/**
 * Reading the ledger for people, as the web console does: pages of events with the same
 * filters, keyset cursors and access rules as {@code GET /api/v1/events}, the known
 * actors by prefix, exports with the API's CSV rules, and an entry as stored with what a
 * browser needs to check its inclusion itself.
 */
public interface AuditReading {

	/** One page of events matching {@code filter}, after {@code cursor} if given. */
	EventsPage events(Caller caller, EventsFilter filter, Optional<String> cursor);

	/**
	 * Up to {@code limit} distinct actor ids starting with {@code prefix}, in order; each
	 * found with one index probe, so the answer is quick on any ledger size.
	 */
	List<String> actorsStartingWith(String prefix, int limit);

	/**
	 * Every event matching {@code filter} (its limit ignored), oldest or newest first as
	 * it says, written as {@code csv} (the API's formula-safe CSV) or {@code json} (an
	 * array of the leaves' JSON) to {@code out}.
	 */
	void export(Caller caller, EventsFilter filter, String format, OutputStream out) throws IOException;

	/**
	 * Entry {@code index} as stored, unchecked: the browser recomputes its leaf hash and
	 * its path to the signed root, so a row changed in the database shows there.
	 */
	Optional<StoredEntry> storedEntry(Caller caller, long index);

	/** The RFC 6962 audit path of entry {@code index} in the tree of {@code size}. */
	List<byte[]> inclusionProof(long index, long size);

	/** The latest signed checkpoint (a C2SP signed note), if one was signed. */
	Optional<SignedCheckpoint> latestCheckpoint();

	/** The checkpoint verifier key in signed-note form ({@code name+keyid+base64}). */
	String verifierKey();

	/** The number of entries committed. */
	long size();

	/**
	 * Starts verifying the whole ledger in the background for {@code caller}; refused
	 * with {@code ERR_VERIFY_IN_PROGRESS} while another verification runs on this server.
	 */
	VerificationStatus startVerification(Caller caller);

	/** A verification by id: live while this server runs it, else as recorded. */
	Optional<VerificationStatus> verification(String id);

	/** The latest verification recorded (started by anyone, on any server). */
	Optional<VerificationStatus> lastVerification();

	/**
	 * A verification of the whole ledger: {@code state} is running, intact, tampered or
	 * failed; {@code summary} says how a finished one ended.
	 */
	record VerificationStatus(String id, String startedBy, Instant startedAt, Optional<Instant> finishedAt,
			String state, long entriesChecked, long entriesTotal, Optional<String> summary) {

		public boolean running() {
			return "running".equals(this.state);
		}

	}

	/**
	 * Equality filters, a time range {@code [from, to)} and an order, as the events API
	 * takes them; {@code limit} is 1..1000.
	 */
	record EventsFilter(Optional<String> actor, Optional<String> type, Optional<String> action,
			Optional<String> resourceType, Optional<String> resourceId, Optional<String> outcome,
			Optional<Instant> from, Optional<Instant> to, boolean newestFirst, int limit) {

	}

	/** A page of events and the cursor of the next page. */
	record EventsPage(List<EventSummary> events, Optional<String> next) {

	}

	/** What the timeline shows of an event. */
	record EventSummary(long index, Instant ts, String type, String actorId, String actorType, Optional<String> action,
			Optional<String> resourceType, Optional<String> resourceId, String outcome, Optional<String> reason) {

	}

	/** An entry as the database holds it. */
	record StoredEntry(long index, byte[] leaf, byte[] storedLeafHash, Instant ts) {

	}

	/** A signed checkpoint: the note as signed, and the size and root read from it. */
	record SignedCheckpoint(String note, long size, byte[] root) {

	}

}
