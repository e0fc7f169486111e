package io.countersign.server.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.verify.Intact;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ledger}: entries, signed checkpoints, the verifier key, RFC 6962 proofs
 * and a full verification report.
 */
@RestController
@RequestMapping("/api/v1/ledger")
@Tag(name = "Ledger", description = "Entries, checkpoints, proofs and verification")
class LedgerController {

	private static final String TEXT_PLAIN_UTF8 = "text/plain;charset=UTF-8";

	private final LedgerReader reader;

	private final Checkpointer checkpointer;

	private final Checkpoints checkpoints;

	private final LedgerKeys keys;

	private final LedgerVerifications verifications;

	LedgerController(LedgerReader reader, Checkpointer checkpointer, Checkpoints checkpoints, LedgerKeys keys,
			LedgerVerifications verifications) {
		this.reader = reader;
		this.checkpointer = checkpointer;
		this.checkpoints = checkpoints;
		this.keys = keys;
		this.verifications = verifications;
	}

	@GetMapping(path = "/entries/{index}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One entry: its leaf bytes, leaf hash and event, checked against each other")
	@RequiresPermission("events:read")
	Entry entry(@AuthenticationPrincipal Caller caller, @PathVariable String index) {
		CheckedEvent checked = this.reader.entry(number("index", index));
		if (!OwnEvents.mayRead(caller, checked.event().actor())) {
			// as if absent: an agent learns nothing about other actors' entries
			throw new CountersignException(ErrorCode.ERR_ENTRY_NOT_FOUND, "no entry " + checked.index() + " of yours");
		}
		return new Entry(checked.index(), Base64.getEncoder().encodeToString(checked.leaf()),
				checked.leafHash().base64(), checked.json());
	}

	@GetMapping(path = "/checkpoint", produces = { TEXT_PLAIN_UTF8, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint in a signed note), byte for byte",
			description = "As text/plain unless the Accept header prefers application/json: then "
					+ "`{origin, size, root, note}`, where `note` is the same text (verify that; the other "
					+ "members are read from it for convenience).")
	@ApiResponse(responseCode = "200", description = "The signed checkpoint",
			content = { @Content(mediaType = TEXT_PLAIN_UTF8, schema = @Schema(type = "string")),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CheckpointJson.class)) })
	@RequiresPermission("ledger:read")
	ResponseEntity<?> checkpoint(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		String note = this.checkpoints.latest()
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND, "no checkpoint has been signed yet"));
		if (!CheckpointJson.preferredBy(accept)) {
			return ResponseEntity.ok().contentType(MediaType.parseMediaType(TEXT_PLAIN_UTF8)).body(note);
		}
		Checkpoint parsed = Checkpoint.parse(SignedNote.parse(note).text());
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new CheckpointJson(parsed.origin(), parsed.size(), parsed.root().base64(), note));
	}

	@PostMapping(path = "/checkpoint", produces = TEXT_PLAIN_UTF8)
	@Operation(summary = "Sign a checkpoint of the current tree now and return it")
	@RequiresPermission("ledger:checkpoint")
	String cutCheckpoint() {
		return this.checkpointer.cut();
	}

	@GetMapping(path = "/key", produces = TEXT_PLAIN_UTF8)
	@Operation(summary = "The checkpoint verifier key (signed-note name+keyid+base64 form)")
	@RequiresPermission("ledger:read")
	String key() {
		return this.keys.verifierKey().encoded();
	}

	@GetMapping(path = "/proof/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "RFC 6962 audit path of entry `index` in the tree of `size` entries")
	@ApiResponse(responseCode = "200", description = "The audit path, lowest level first",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = InclusionProof.class)))
	@RequiresPermission("ledger:read")
	void inclusion(@RequestParam String index, @RequestParam String size, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		QueryParameters.only(request, Set.of("index", "size"));
		long leaf = number("index", index);
		long treeSize = number("size", size);
		JsonAnswer.write(response, HttpServletResponse.SC_OK,
				proofJson("index", leaf, "size", treeSize, this.reader.inclusionProof(leaf, treeSize)));
	}

	@GetMapping(path = "/proof/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "RFC 6962 consistency proof between the trees of `from` and `to` entries")
	@ApiResponse(responseCode = "200", description = "The consistency proof",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ConsistencyProof.class)))
	@RequiresPermission("ledger:read")
	void consistency(@RequestParam String from, @RequestParam String to, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		QueryParameters.only(request, Set.of("from", "to"));
		long older = number("from", from);
		long newer = number("to", to);
		JsonAnswer.write(response, HttpServletResponse.SC_OK,
				proofJson("from", older, "to", newer, this.reader.consistencyProof(older, newer)));
	}

	@GetMapping(path = "/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Verify the whole ledger and wait for the report (200 either way); "
			+ "one verification at a time, see POST /verifications")
	@RequiresPermission("ledger:verify")
	Report verify(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> checkpoint) {
		VerificationRun run = this.verifications.start(checkpoint.map(this.verifications::supplied), caller.username());
		VerificationRun.Outcome outcome = run.finished().join();
		return Report.of(outcome.result()
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"the verification could not finish: " + outcome.error().orElse("unknown error"))));
	}

	private static long number(String name, String text) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw EventRules.invalid(name + " must be a whole number, not \"" + text + "\"");
		}
	}

	// The shape of InclusionProof and ConsistencyProof: two numbers and base64 strings,
	// none of which needs escaping, so there is nothing for a JSON library to do.
	private static byte[] proofJson(String first, long firstValue, String second, long secondValue, List<Hash> proof) {
		StringBuilder json = new StringBuilder(40 + proof.size() * 48);
		json.append("{\"").append(first).append("\":").append(firstValue);
		json.append(",\"").append(second).append("\":").append(secondValue).append(",\"proof\":[");
		for (int i = 0; i < proof.size(); i++) {
			json.append((i == 0) ? "\"" : ",\"").append(proof.get(i).base64()).append('"');
		}
		return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** The answer of {@code GET /checkpoint} with {@code Accept: application/json}. */
	record CheckpointJson(String origin, long size, String root, String note) {

		/**
		 * Whether an Accept header names JSON (not only through a wildcard) above plain
		 * text: the note text stays the answer for clients that ask for anything.
		 */
		static boolean preferredBy(String accept) {
			if (accept == null || accept.isBlank()) {
				return false;
			}
			double json = 0;
			double text = 0;
			try {
				for (MediaType type : MediaType.parseMediaTypes(accept)) {
					if (type.isWildcardType()) {
						continue;
					}
					if (type.includes(MediaType.APPLICATION_JSON)) {
						json = Math.max(json, type.getQualityValue());
					}
					if (type.includes(MediaType.TEXT_PLAIN)) {
						text = Math.max(text, type.getQualityValue());
					}
				}
			}
			catch (InvalidMediaTypeException ex) {
				return false;
			}
			return json > 0 && json > text;
		}

	}

	record Entry(long index, String leaf, String leafHash, @JsonRawValue String event) {

	}

	/** The answer of {@code /proof/inclusion} (written by {@link #proofJson}). */
	record InclusionProof(long index, long size, List<String> proof) {

	}

	/** The answer of {@code /proof/consistency} (written by {@link #proofJson}). */
	record ConsistencyProof(long from, long to, List<String> proof) {

	}

	@JsonInclude(JsonInclude.Include.NON_ABSENT)
	record Report(boolean intact, Optional<Long> entries, Optional<Long> checkpointsChecked, Optional<Long> size,
			Optional<String> root, Optional<Long> index, Optional<String> failure, Optional<String> detail) {

		static Report of(VerifyResult result) {
			if (result instanceof Intact intact) {
				return new Report(true, Optional.of(intact.entries()), Optional.of(intact.checkpointsChecked()),
						Optional.of(intact.latest().size()), Optional.of(intact.latest().root().base64()),
						Optional.empty(), Optional.empty(), Optional.empty());
			}
			Tampered tampered = (Tampered) result;
			return new Report(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
					tampered.index().isPresent() ? Optional.of(tampered.index().getAsLong()) : Optional.empty(),
					Optional.of(tampered.failure().name()), Optional.of(tampered.detail()));
		}

	}

}
