package io.countersign.server.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.server.audit.ProvenEntries;
import io.countersign.server.audit.ProvenHistory;
import io.countersign.server.audit.ResourceHistories;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;

/**
 * Proves chosen entries, or reads a resource's entries through the same checked query as
 * the events API (oldest first, page after page), proves each from the stored nodes, and
 * picks the checkpoint: the newest stored one if it covers the last entry and the current
 * key signed it, otherwise one cut on demand, as {@code POST /api/v1/ledger/checkpoint}
 * does.
 */
@Service
class ProvingResourceHistories implements ResourceHistories, ProvenEntries {

	private static final int PAGE = 1000;

	private final LedgerReader reader;

	private final Checkpoints checkpoints;

	private final Checkpointer checkpointer;

	private final LedgerKeys keys;

	ProvingResourceHistories(LedgerReader reader, Checkpoints checkpoints, Checkpointer checkpointer, LedgerKeys keys) {
		this.reader = reader;
		this.checkpoints = checkpoints;
		this.checkpointer = checkpointer;
		this.keys = keys;
	}

	@Override
	public Optional<ProvenHistory> of(Resource resource) {
		List<CheckedEvent> events = events(resource);
		if (events.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(prove(events));
	}

	@Override
	public ProvenHistory of(List<Long> indexes) {
		List<CheckedEvent> events = indexes.stream().sorted().distinct().map(this.reader::entry).toList();
		if (events.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "no entry to prove");
		}
		return prove(events);
	}

	private ProvenHistory prove(List<CheckedEvent> events) {
		VerifierKey key = this.keys.verifierKey();
		long needed = events.get(events.size() - 1).index() + 1;
		String note = this.checkpoints.latest()
			.filter((latest) -> covers(latest, needed, key))
			.orElseGet(this.checkpointer::cut);
		long size = Checkpoint.parse(SignedNote.parse(note).text()).size();
		if (size < needed) {
			// cut() signs the committed tree, which holds every entry the query found
			throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY,
					"the checkpoint just cut (size " + size + ") does not cover entry " + (needed - 1));
		}
		List<ProvenEntry> entries = new ArrayList<>(events.size());
		for (CheckedEvent event : events) {
			entries.add(new ProvenEntry(event.index(), event.leaf(), this.reader.inclusionProof(event.index(), size)));
		}
		return new ProvenHistory(entries, note, key);
	}

	private List<CheckedEvent> events(Resource resource) {
		EventQuery query = new EventQuery(Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.of(resource.type()), Optional.of(resource.id()), Optional.empty(), Optional.empty(),
				Optional.empty(), false, PAGE, Optional.empty());
		List<CheckedEvent> events = new ArrayList<>();
		Optional<String> cursor = Optional.empty();
		do {
			EventPage page = this.reader.events(query, cursor);
			events.addAll(page.events());
			cursor = page.next();
		}
		while (cursor.isPresent());
		return events;
	}

	// A checkpoint signed with an earlier key would not verify against the key we ship.
	private static boolean covers(String note, long needed, VerifierKey key) {
		SignedNote signed = SignedNote.parse(note);
		Checkpoint checkpoint = Checkpoint.parse(signed.text());
		return checkpoint.size() >= needed && checkpoint.origin().equals(key.name()) && signed.verifiedBy(key);
	}

}
