package io.countersign.ledger.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.ledger.testing.TestLedger;
import io.countersign.ledger.tree.MerkleTree;

/**
 * Writes signed reports over a {@link TestLedger} the way the server does: snapshot
 * checkpoints at sizes 10 and 20, the report event after them, its checkpoint at 25.
 */
final class SignedReports {

	final TestLedger ledger = new TestLedger(20);

	/** A body with one implemented control and one gap (listed unless told not to). */
	static Map<String, Object> body(String id, boolean listGap, TestLedger ledger) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("framework", Map.of("id", "soc2", "name", "SOC 2", "catalogVersion", "1"));
		body.put("period", Map.of("from", "2026-09-01T00:00:00Z", "to", "2026-11-30T00:00:00Z"));
		body.put("controls", List.of(Map.of("id", "soc2-mfa", "state", "IMPLEMENTED", "weight", 3L),
				Map.of("id", "soc2-review", "state", "NOT_STARTED", "weight", 2L)));
		body.put("gaps", listGap ? List.of(Map.of("control", "soc2-review", "state", "NOT_STARTED")) : List.of());
		Map<String, Object> snapshot = new LinkedHashMap<>();
		snapshot.put("eventCounts", Map.of("authz_fail", 10L));
		snapshot.put("startCheckpoint", ledger.checkpoint(10).note());
		snapshot.put("endCheckpoint", ledger.checkpoint(20).note());
		snapshot.put("consistencyProof",
				MerkleTree.consistencyProof(10, 20, ledger.reader()).stream().map(Hash::base64).toList());
		body.put("auditSnapshot", snapshot);
		body.put("disclaimer", ReportFormat.DISCLAIMER);
		return body;
	}

	Map<String, Object> envelope(String id) {
		return envelope(body(id, true, this.ledger), id);
	}

	Map<String, Object> envelope(Map<String, Object> body, String id) {
		String sha256 = ReportFormat.bodySha256(body);
		String signature = this.ledger.signer.sign(ReportFormat.signatureText(id, sha256));
		long index = this.ledger.entries.size();
		this.ledger.append(reportEvent(id, sha256).leaf());
		for (int i = 0; i < 4; i++) {
			this.ledger.append(TestLedger.event(100 + i).leaf());
		}
		long size = this.ledger.entries.size();
		ProvenEntry proven = new ProvenEntry(index, this.ledger.entries.get((int) index).leaf(),
				MerkleTree.inclusionProof(index, size, this.ledger.reader()));
		return ReportEnvelope.of(body, signature, proven, this.ledger.checkpoint(size).note(),
				MerkleTree.consistencyProof(20, size, this.ledger.reader()), this.ledger.signer.verifierKey());
	}

	static Event reportEvent(String id, String sha256) {
		return new Event(Event.newId(), Instant.parse("2026-12-01T00:00:00Z"), ReportFormat.EVENT_TYPE,
				new Actor("admin", "user"), Optional.of("generate"),
				Optional.of(new Resource(ReportFormat.RESOURCE_TYPE, id)), Outcome.SUCCESS, Optional.empty(),
				Optional.empty(), Map.of(), Map.of("report_sha256", sha256), Event.newNonce());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> copy(Map<String, Object> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((name, value) -> copy.put(name, (value instanceof Map<?, ?> inner)
				? copy((Map<String, Object>) inner) : (value instanceof List<?> list) ? new ArrayList<>(list) : value));
		return copy;
	}

}
