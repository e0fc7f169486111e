package io.countersign.server.compliance.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.ControlState;
import io.countersign.server.compliance.internal.catalog.Catalog;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Attesting a control: an admin's status, note, owner, expiry and evidence files, stored
 * with the files' SHA-256 and recorded on the ledger
 * ({@code compliance_control_attested}) in the same transaction. Everything is checked
 * before anything is written.
 */
@Component
public class Attesting {

	static final int MAX_NOTE = 4000;

	static final int MAX_OWNER = 200;

	static final int MAX_NAME = 255;

	/** How far ahead an attestation may expire: evidence goes stale. */
	static final int MAX_YEARS = 3;

	private static final Pattern CONTENT_TYPE = Pattern
		.compile("[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}/" + "[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}");

	private final Catalog catalog;

	private final Attestations attestations;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final ComplianceProperties properties;

	private final Clock clock;

	Attesting(Catalog catalog, Attestations attestations, AuditTrail trail, TransactionTemplate transaction,
			ComplianceProperties properties, Clock clock) {
		this.catalog = catalog;
		this.attestations = attestations;
		this.trail = trail;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	/** What an attestation says, as received. */
	public record Input(Optional<String> state, Optional<String> note, Optional<String> owner,
			Optional<String> expiresOn, List<FileInput> files) {
	}

	/** An evidence file as received. */
	public record FileInput(String name, String contentType, byte[] content) {
	}

	/** Attests control {@code controlId}; answers the attestation as stored. */
	public Attestation attest(Caller caller, String controlId, Input input) {
		Catalog.Control control = this.catalog.control(controlId)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "No control " + controlId + "."));
		ControlState state = state(input.state());
		String note = text(input.note(), "note", MAX_NOTE);
		String owner = text(input.owner(), "owner", MAX_OWNER);
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate expiresOn = expiresOn(input.expiresOn(), today);
		List<Attestations.FileContent> files = files(input.files());
		String id = UUID.randomUUID().toString();
		Attestation attestation = new Attestation(state, note, owner, expiresOn, caller.username(),
				this.clock.instant(), files.stream().map(Attestations.FileContent::file).toList(), Optional.empty());
		this.transaction.executeWithoutResult((status) -> {
			this.attestations.insert(id, control.id(), attestation, files);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("controlId", control.id());
			details.put("state", state.name());
			details.put("owner", owner);
			details.put("expiresOn", expiresOn.toString());
			details.put("noteSha256", sha256(note.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			details.put("files",
					attestation.files()
						.stream()
						.map((file) -> Map.of("id", file.id(), "name", file.name(), "size", file.size(), "sha256",
								file.sha256()))
						.toList());
			this.trail.record(EventDraft.of(ComplianceEvents.CONTROL_ATTESTED, caller.actor())
				.withAction("attest")
				.withResource(new Resource(ComplianceEvents.ATTESTATION, id))
				.withLinks(Map.of("control", control.id()))
				.withDetails(details));
		});
		return attestation;
	}

	private static ControlState state(Optional<String> state) {
		String value = state.map(String::strip).orElseThrow(() -> invalid("state: is required"));
		try {
			return ControlState.valueOf(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("state: must be IMPLEMENTED, IN_PROGRESS or NOT_STARTED");
		}
	}

	static String text(Optional<String> value, String name, int max) {
		String text = value.map(String::strip).orElse("");
		if (text.isEmpty() || text.length() > max) {
			throw invalid(name + ": is required, at most " + max + " characters");
		}
		if (text.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
			throw invalid(name + ": must not hold control characters");
		}
		return text;
	}

	private static LocalDate expiresOn(Optional<String> value, LocalDate today) {
		String text = value.map(String::strip).orElseThrow(() -> invalid("expiresOn: is required (YYYY-MM-DD)"));
		LocalDate date;
		try {
			date = LocalDate.parse(text);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw invalid("expiresOn: must be a date, YYYY-MM-DD");
		}
		if (!date.isAfter(today) || date.isAfter(today.plusYears(MAX_YEARS))) {
			throw invalid("expiresOn: must be after today and at most " + MAX_YEARS + " years ahead");
		}
		return date;
	}

	private List<Attestations.FileContent> files(List<FileInput> inputs) {
		int max = this.properties.evidence().maxFiles();
		long maxSize = this.properties.evidence().maxFileSize().toBytes();
		if (inputs.size() > max) {
			throw invalid("files: at most " + max + " evidence files");
		}
		List<Attestations.FileContent> files = new ArrayList<>();
		for (FileInput input : inputs) {
			String name = (input.name() == null) ? "" : input.name().strip();
			if (name.isEmpty() || name.length() > MAX_NAME || name.contains("/") || name.contains("\\")
					|| name.chars().anyMatch(Character::isISOControl)) {
				throw invalid("files: a file name must be 1 to " + MAX_NAME
						+ " characters, without '/', '\\' or control characters");
			}
			String type = (input.contentType() == null || input.contentType().isBlank()) ? "application/octet-stream"
					: input.contentType().strip();
			if (!CONTENT_TYPE.matcher(type).matches()) {
				throw invalid("files: " + name + ": contentType must be a media type such as application/pdf");
			}
			if (input.content() == null || input.content().length == 0) {
				throw invalid("files: " + name + " is empty");
			}
			if (input.content().length > maxSize) {
				throw new CountersignException(ErrorCode.ERR_VALIDATION,
						"files: " + name + " is larger than " + this.properties.evidence().maxFileSize());
			}
			files.add(new Attestations.FileContent(new Attestation.EvidenceFile(UUID.randomUUID().toString(), name,
					type, input.content().length, sha256(input.content())), input.content()));
		}
		return files;
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

}
