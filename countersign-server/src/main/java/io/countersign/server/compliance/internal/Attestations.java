package io.countersign.server.compliance.internal;

import java.sql.Date;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.ControlState;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Attestations and their evidence files as stored (V16). The newest attestation of a
 * control is the one that counts until it expires; older ones stay as history.
 */
@Component
public class Attestations {

	private final JdbcClient jdbc;

	Attestations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An attestation as stored, with its id. */
	record Stored(String id, String controlId, Attestation attestation) {
	}

	/** An evidence file's content. */
	public record FileContent(Attestation.EvidenceFile file, byte[] content) {
	}

	void insert(String id, String controlId, Attestation attestation, List<FileContent> files) {
		this.jdbc.sql("""
				INSERT INTO compliance_attestation (id, control_id, state, note, owner, expires_on, attested_by,
				    attested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(id, controlId, attestation.state().name(), attestation.note(), attestation.owner(),
					Date.valueOf(attestation.expiresOn()), attestation.attestedBy(),
					Evaluations.utc(attestation.attestedAt()))
			.update();
		int ordinal = 0;
		for (FileContent file : files) {
			Attestation.EvidenceFile meta = file.file();
			this.jdbc
				.sql("""
						INSERT INTO compliance_evidence_file (id, attestation_id, ordinal, name, content_type, size_bytes, sha256,
						    content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
						""")
				.params(meta.id(), id, ordinal++, meta.name(), meta.contentType(), meta.size(), meta.sha256(),
						file.content())
				.update();
		}
	}

	/** The newest attestation of every control that has one, by control id. */
	Map<String, Stored> latest() {
		List<Stored> rows = this.jdbc.sql("""
				SELECT a.id, a.control_id, a.state, a.note, a.owner, a.expires_on, a.attested_by, a.attested_at
				FROM compliance_attestation a
				WHERE a.attested_at = (SELECT MAX(b.attested_at) FROM compliance_attestation b
				    WHERE b.control_id = a.control_id)
				ORDER BY a.control_id, a.id
				""")
			.query((rs, row) -> new Stored(rs.getString(1), rs.getString(2),
					new Attestation(ControlState.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
							rs.getDate(6).toLocalDate(), rs.getString(7), rs.getTimestamp(8).toInstant(), List.of(),
							Optional.empty())))
			.list();
		Map<String, List<Attestation.EvidenceFile>> files = new HashMap<>();
		if (!rows.isEmpty()) {
			this.jdbc
				.sql("SELECT attestation_id, id, name, content_type, size_bytes, sha256 FROM compliance_evidence_file "
						+ "WHERE attestation_id IN (:ids) ORDER BY attestation_id, ordinal")
				.param("ids", rows.stream().map(Stored::id).toList())
				.query((rs) -> {
					files.computeIfAbsent(rs.getString(1), (key) -> new ArrayList<>())
						.add(new Attestation.EvidenceFile(rs.getString(2), rs.getString(3), rs.getString(4),
								rs.getLong(5), rs.getString(6)));
				});
		}
		Map<String, Stored> latest = new HashMap<>();
		for (Stored row : rows) {
			Attestation a = row.attestation();
			latest.put(row.controlId(),
					new Stored(row.id(), row.controlId(), new Attestation(a.state(), a.note(), a.owner(), a.expiresOn(),
							a.attestedBy(), a.attestedAt(), files.getOrDefault(row.id(), List.of()), a.ledgerIndex())));
		}
		return latest;
	}

	/** An evidence file of a control's attestation (any, not only the one in force). */
	Optional<FileContent> file(String controlId, String fileId) {
		return this.jdbc.sql("""
				SELECT f.id, f.name, f.content_type, f.size_bytes, f.sha256, f.content FROM compliance_evidence_file f
				JOIN compliance_attestation a ON a.id = f.attestation_id WHERE f.id = ? AND a.control_id = ?
				""")
			.params(fileId, controlId)
			.query((rs,
					row) -> new FileContent(new Attestation.EvidenceFile(rs.getString(1), rs.getString(2),
							rs.getString(3), rs.getLong(4), rs.getString(5)), rs.getBytes(6)))
			.optional();
	}

	static Instant attestedAt(Stored stored) {
		return stored.attestation().attestedAt();
	}

}
