package io.countersign.server.compliance.internal.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.countersign.ledger.Hash;
import io.countersign.ledger.report.ReportFormat;
import io.countersign.server.access.People.AccountCounts;
import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ControlState;
import io.countersign.server.compliance.ControlStatus;
import io.countersign.server.compliance.FrameworkStatus;

/**
 * The body of a signed report (docs/compliance.md, "Reports"): plain JSON values only, so
 * that its RFC 8785 form, which is hashed and signed, reads back identically. Scores are
 * strings (a percentage with one decimal): a binary fraction would not survive every JSON
 * reader unchanged.
 */
final class ReportContent {

	private ReportContent() {
	}

	/** The audit log over the period, as the ledger proves it. */
	record Snapshot(Instant from, Instant to, Map<String, Long> eventCounts, String startCheckpoint,
			String endCheckpoint, List<Hash> consistencyProof) {

	}

	static Map<String, Object> body(String id, FrameworkStatus framework, Instant from, Instant to, Instant generatedAt,
			String requestedBy, AccountCounts accounts, Snapshot snapshot) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("title", "Compliance report: " + framework.name());
		body.put("framework", Map.of("id", framework.id(), "name", framework.name(), "catalogVersion",
				framework.catalogVersion(), "evaluatedAt", framework.evaluatedAt().toString()));
		body.put("generatedAt", generatedAt.toString());
		body.put("requestedBy", requestedBy);
		body.put("period", Map.of("from", from.toString(), "to", to.toString()));
		Map<String, Object> score = new LinkedHashMap<>();
		score.put("implementedPercent", percent(framework.implementedShare()));
		score.put("weightedPercent", percent(framework.weightedScore()));
		score.put("controls", (long) framework.controls().size());
		for (ControlState state : ControlState.values()) {
			score.put(state.name().toLowerCase(Locale.ROOT),
					framework.controls().stream().filter((control) -> control.state() == state).count());
		}
		body.put("score", score);
		body.put("gaps", gaps(framework.controls()));
		body.put("controls", framework.controls().stream().map(ReportContent::control).toList());
		body.put("checks", checks(framework.controls()));
		body.put("accounts", Map.of("activeUsers", accounts.activeUsers(), "activeServiceAccounts",
				accounts.activeServiceAccounts(), "archived", accounts.archived(), "admins", accounts.admins()));
		Map<String, Object> audit = new LinkedHashMap<>();
		audit.put("from", snapshot.from().toString());
		audit.put("to", snapshot.to().toString());
		audit.put("eventCounts", new TreeMap<>(snapshot.eventCounts()));
		audit.put("totalEvents", snapshot.eventCounts().values().stream().mapToLong(Long::longValue).sum());
		audit.put("startCheckpoint", snapshot.startCheckpoint());
		audit.put("endCheckpoint", snapshot.endCheckpoint());
		audit.put("consistencyProof", snapshot.consistencyProof().stream().map(Hash::base64).toList());
		body.put("auditSnapshot", audit);
		body.put("disclaimer", ReportFormat.DISCLAIMER);
		return body;
	}

	/**
	 * Every control not implemented, most weighty first: the verifier rejects a hidden
	 * one.
	 */
	private static List<Object> gaps(List<ControlStatus> controls) {
		return controls.stream()
			.filter((control) -> control.state() != ControlState.IMPLEMENTED)
			.sorted((a, b) -> Integer.compare(b.weight(), a.weight()))
			.map((control) -> {
				Map<String, Object> gap = new LinkedHashMap<>();
				gap.put("control", control.id());
				gap.put("name", control.name());
				gap.put("state", control.state().name());
				gap.put("weight", (long) control.weight());
				gap.put("why", why(control));
				gap.put("remedy", control.remedy());
				gap.put("docs", control.docs());
				return (Object) gap;
			})
			.toList();
	}

	static String why(ControlStatus control) {
		List<String> reasons = new ArrayList<>();
		for (CheckResult check : control.checks()) {
			reasons.add(check.check() + ": " + check.outcome() + ". " + check.explanation());
		}
		control.attestation()
			.ifPresent((attestation) -> reasons.add("attested " + attestation.state() + " by "
					+ attestation.attestedBy() + " until " + attestation.expiresOn() + ": " + attestation.note()));
		if (reasons.isEmpty()) {
			reasons.add(control.automated() ? "no check result" : "manual control without an attestation in force");
		}
		return String.join(" ", reasons);
	}

	private static Map<String, Object> control(ControlStatus control) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", control.id());
		json.put("name", control.name());
		json.put("description", control.description());
		json.put("references", control.references());
		json.put("automated", control.automated());
		json.put("state", control.state().name());
		json.put("weight", (long) control.weight());
		json.put("remedy", control.remedy());
		json.put("docs", control.docs());
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("checks",
				control.checks()
					.stream()
					.map((check) -> Map.of("check", check.check(), "outcome", check.outcome().name(), "explanation",
							check.explanation(), "checkedAt", check.checkedAt().toString(), "ledgerIndexes",
							check.ledgerIndexes()))
					.toList());
		control.attestation().ifPresent((attestation) -> evidence.put("attestation", attestation(attestation)));
		json.put("evidence", evidence);
		return json;
	}

	private static Map<String, Object> attestation(Attestation attestation) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("state", attestation.state().name());
		json.put("note", attestation.note());
		json.put("owner", attestation.owner());
		json.put("expiresOn", attestation.expiresOn().toString());
		json.put("attestedBy", attestation.attestedBy());
		json.put("attestedAt", attestation.attestedAt().toString());
		json.put("files",
				attestation.files()
					.stream()
					.map((file) -> Map.of("name", file.name(), "contentType", file.contentType(), "size", file.size(),
							"sha256", file.sha256()))
					.toList());
		attestation.ledgerIndex().ifPresent((index) -> json.put("ledgerIndex", index));
		return json;
	}

	/** The raw results of every check the framework's controls use, once each. */
	private static List<Object> checks(List<ControlStatus> controls) {
		Map<String, CheckResult> byCheck = new TreeMap<>();
		controls.forEach((control) -> control.checks().forEach((check) -> byCheck.putIfAbsent(check.check(), check)));
		return byCheck.values().stream().map((check) -> {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("check", check.check());
			json.put("outcome", check.outcome().name());
			json.put("explanation", check.explanation());
			json.put("facts", plain(check.facts()));
			json.put("ledgerIndexes", check.ledgerIndexes());
			json.put("checkedAt", check.checkedAt().toString());
			return (Object) json;
		}).toList();
	}

	/**
	 * A check's facts as plain JSON values: whole numbers as numbers, fractions and
	 * anything else not JSON (times, enums) as their text.
	 */
	static Object plain(Object value) {
		if (value == null || value instanceof String || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Number number) {
			BigDecimal decimal = new BigDecimal(number.toString());
			return (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0)
					&& decimal.abs().compareTo(BigDecimal.valueOf(1L << 53)) < 0 ? (Object) decimal.longValue()
							: number.toString();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> json = new TreeMap<>();
			map.forEach((name, inner) -> json.put(String.valueOf(name), plain(inner)));
			return json;
		}
		if (value instanceof Collection<?> list) {
			return list.stream().map(ReportContent::plain).toList();
		}
		if (value instanceof Optional<?> optional) {
			return optional.map(ReportContent::plain).orElse(null);
		}
		if (value instanceof TemporalAccessor || value instanceof Enum<?>) {
			return value.toString();
		}
		return value.toString();
	}

	static String percent(double share) {
		return String.format(Locale.ROOT, "%.1f", share * 100);
	}

}
