package io.countersign.server.audit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.countersign.ledger.Hash;
import io.countersign.ledger.report.ReportFormat;
import io.countersign.server.audit.LedgerSnapshots;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checkpoints by signing time (index {@code ledger_checkpoint_created}, V17), counts by
 * type with a skip scan over {@code ledger_entry_type_ts}: the distinct types one index
 * probe each, then one index-only range count per type, so a period of millions of
 * entries is counted without reading a leaf.
 */
@Service
class SnapshotsOfTheLedger implements LedgerSnapshots {

	private final JdbcClient jdbc;

	private final LedgerReader reader;

	private final Checkpointer checkpointer;

	private final LedgerKeys keys;

	SnapshotsOfTheLedger(DataSource dataSource, LedgerReader reader, Checkpointer checkpointer, LedgerKeys keys) {
		this.jdbc = JdbcClient.create(dataSource);
		this.reader = reader;
		this.checkpointer = checkpointer;
		this.keys = keys;
	}

	@Override
	public String checkpointAtOrBefore(Instant at) {
		return this.jdbc.sql(
				"SELECT note FROM ledger_checkpoint WHERE created_at <= ? ORDER BY created_at DESC, tree_size DESC LIMIT 1")
			.param(utc(at))
			.query(String.class)
			.optional()
			.orElseGet(() -> checkpointCovering(at));
	}

	@Override
	public String checkpointCovering(Instant at) {
		return this.jdbc
			.sql("SELECT note FROM ledger_checkpoint WHERE created_at >= ? ORDER BY created_at, tree_size LIMIT 1")
			.param(utc(at))
			.query(String.class)
			.optional()
			.orElseGet(this.checkpointer::cut);
	}

	@Override
	public List<Hash> consistencyProof(long from, long to) {
		// an empty older tree, or the same tree, needs no proof (RFC 9162 §2.1.4)
		return (from == 0 || from == to) ? List.of() : this.reader.consistencyProof(from, to);
	}

	@Override
	public Map<String, Long> countsByType(Instant from, Instant to) {
		Map<String, Long> counts = new LinkedHashMap<>();
		List<String> types = this.jdbc.sql("""
				WITH RECURSIVE types (type) AS (
				    SELECT MIN(type) FROM ledger_entry
				    UNION ALL
				    SELECT (SELECT MIN(e.type) FROM ledger_entry e WHERE e.type > t.type) FROM types t
				    WHERE t.type IS NOT NULL
				)
				SELECT type FROM types WHERE type IS NOT NULL ORDER BY type
				""").query(String.class).list();
		for (String type : types) {
			long count = this.jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE type = ? AND ts >= ? AND ts < ?")
				.params(type, utc(from), utc(to))
				.query(Long.class)
				.single();
			if (count > 0) {
				counts.put(type, count);
			}
		}
		return counts;
	}

	@Override
	public String signComplianceReport(String reportId, String bodySha256) {
		return this.keys.signer().sign(ReportFormat.signatureText(reportId, bodySha256));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
