package io.countersign.server.approval.internal.web;

import io.countersign.server.approval.internal.evidence.EvidencePackages;
import io.countersign.server.approval.internal.evidence.EvidencePackages.EvidencePackage;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/approvals/{id}/evidence}: a request's offline-verifiable evidence
 * package (docs/approvals.md, "Evidence package").
 */
@RestController
@Tag(name = "Approvals")
class EvidenceController {

	static final String ZIP = "application/zip";

	private final EvidencePackages packages;

	EvidenceController(EvidencePackages packages) {
		this.packages = packages;
	}

	// no "produces": a refusal must still be answered as a problem (JSON), whatever the
	// client accepts
	@GetMapping(path = "/api/v1/approvals/{id}/evidence")
	@Operation(summary = "The request's evidence package: its ledger events with inclusion proofs under a signed "
			+ "checkpoint, and the files derived from them; check it with java -jar countersign-ledger.jar")
	@ApiResponse(responseCode = "200", description = "A ZIP archive",
			content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
	@RequiresPermission("approvals:read")
	ResponseEntity<byte[]> evidence(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		EvidencePackage evidence = this.packages.of(caller, ApprovalJson.id(id));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, ZIP)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(evidence.fileName()).build().toString())
			.body(evidence.zip());
	}

}
