package io.countersign.ledger.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Event;

/**
 * The human-readable files of an evidence package, derived from its proven events alone:
 * the writer writes them and the verifier derives them again and compares, so a file that
 * says anything the events do not is caught.
 */
final class ConvenienceFiles {

	/** Names the format of request.json (and so of the package). */
	static final String FORMAT = "countersign/approval-evidence/v1";

	private ConvenienceFiles() {
	}

	/** File name to JSON value, in the order written. */
	static Map<String, Object> of(ApprovalRecord record) {
		Map<String, Object> files = new LinkedHashMap<>();
		files.put(EvidenceLayout.REQUEST, request(record));
		files.put(EvidenceLayout.POLICY, record.last().policy());
		files.put(EvidenceLayout.DECISIONS, decisions(record));
		files.put(EvidenceLayout.EXECUTION, execution(record));
		return files;
	}

	private static Map<String, Object> request(ApprovalRecord record) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("format", FORMAT);
		request.put("id", record.request().toString());
		request.put("actionType", record.first().actionType());
		request.put("initiator", record.first().initiator());
		request.put("state", record.statedState().name());
		request.put("rollbackOf", record.first().rollbackOf().orElse(null));
		List<Object> revisions = new ArrayList<>();
		for (Revision revision : record.revisions()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("revision", (long) revision.number());
			json.put("digest", revision.digest().hex());
			json.put("expiresAt", revision.expiresAt());
			json.put("ledgerIndex", revision.at().index());
			json.put("recordedAt", recordedAt(revision.at()));
			json.put("content", revision.content());
			revisions.add(json);
		}
		request.put("revisions", revisions);
		List<Object> history = new ArrayList<>();
		for (LoggedEvent logged : record.events()) {
			Event event = logged.event();
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("ledgerIndex", logged.index());
			json.put("recordedAt", recordedAt(logged));
			json.put("type", event.type());
			json.put("actor", event.actor().id());
			json.put("reason", event.reason().orElse(null));
			history.add(json);
		}
		request.put("history", history);
		return request;
	}

	private static List<Object> decisions(ApprovalRecord record) {
		List<Object> decisions = new ArrayList<>();
		for (LoggedStep step : record.steps()) {
			if (step instanceof RuleApproval approval) {
				decisions.add(ruleApproval(approval));
			}
			if (!(step instanceof SignedDecision decision)) {
				continue;
			}
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("decision", (long) decision.number());
			json.put("ledgerIndex", decision.at().index());
			json.put("recordedAt", recordedAt(decision.at()));
			json.put("revision", (long) decision.revision());
			json.put("verdict", decision.verdict().wireName());
			json.put("reason", decision.reason());
			json.put("approver", decision.approver());
			// only on delegated decisions, so packages from before delegation still
			// compare
			decision.onBehalfOf().ifPresent((person) -> json.put("onBehalfOf", person));
			decision.delegation().ifPresent((id) -> json.put("delegation", id));
			json.put("roles", decision.roles());
			json.put("keyId", decision.keyId());
			json.put("fingerprint", decision.fingerprint());
			json.put("publicKeyPem", decision.publicKey().pem());
			json.put("digest", decision.digest().hex());
			json.put("signature", decision.signature());
			json.put("signingMessage", decision.message().text());
			json.put("stateAfter", decision.state().name());
			decisions.add(json);
		}
		return decisions;
	}

	// no key and no signature: the rule it applied, whose RULE_CREATED event is the
	// evidence
	private static Map<String, Object> ruleApproval(RuleApproval approval) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("decision", (long) approval.number());
		json.put("ledgerIndex", approval.at().index());
		json.put("recordedAt", recordedAt(approval.at()));
		json.put("revision", (long) approval.revision());
		json.put("verdict", "approve");
		json.put("reason", approval.reason());
		json.put("approver", approval.approver());
		json.put("roles", approval.roles());
		json.put("standingRule", approval.at().event().details().get("rule"));
		json.put("digest", approval.digest().hex());
		json.put("stateAfter", approval.state().name());
		return json;
	}

	private static Map<String, Object> execution(ApprovalRecord record) {
		Optional<StateChange> claim = record.stateChange(ApprovalEvents.EXECUTION_STARTED);
		Optional<StateChange> outcome = record.stateChange(ApprovalEvents.EXECUTION_SUCCEEDED)
			.or(() -> record.stateChange(ApprovalEvents.EXECUTION_FAILED));
		Optional<StateChange> rollback = record.stateChange(ApprovalEvents.ROLLED_BACK);
		Map<String, Object> execution = new LinkedHashMap<>();
		execution.put("state", record.statedState().name());
		execution.put("claimedAt", claim.map((step) -> recordedAt(step.at())).orElse(null));
		execution.put("claimedBy", claim.map((step) -> step.at().event().actor().id()).orElse(null));
		execution.put("outcome",
				outcome
					.map((step) -> step.at().type().equals(ApprovalEvents.EXECUTION_SUCCEEDED) ? "succeeded" : "failed")
					.orElse(null));
		execution.put("reportedAt", outcome.map((step) -> recordedAt(step.at())).orElse(null));
		execution.put("result", outcome.map((step) -> step.at().event().details().get("result")).orElse(null));
		execution.put("rolledBackBy",
				rollback.map((step) -> step.at().event().details().get("rolledBackBy")).orElse(null));
		return execution;
	}

	private static String recordedAt(LoggedEvent event) {
		return event.event().ts().toString();
	}

}
