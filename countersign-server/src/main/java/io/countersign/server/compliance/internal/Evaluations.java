package io.countersign.server.compliance.internal;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ScorePoint;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Evaluation runs and daily scores as stored (V16). */
@Component
class Evaluations {

	private final JdbcClient jdbc;

	Evaluations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored run. */
	record Stored(String id, Instant at, String by, String catalogVersion, String digest, List<CheckResult> results) {
	}

	void insert(String id, Instant at, String by, String catalogVersion, String results, String digest) {
		this.jdbc.sql("""
				INSERT INTO compliance_evaluation (id, evaluated_at, evaluated_by, catalog_version, results, digest)
				VALUES (?, ?, ?, ?, ?, ?)
				""").params(id, utc(at), by, catalogVersion, results, digest).update();
	}

	/**
	 * The id of the latest run, a cheap probe to tell whether a cached run is current.
	 */
	Optional<String> latestId() {
		return this.jdbc.sql("SELECT id FROM compliance_evaluation ORDER BY evaluated_at DESC, id DESC LIMIT 1")
			.query(String.class)
			.optional();
	}

	Optional<Stored> find(String id) {
		return this.jdbc
			.sql("SELECT id, evaluated_at, evaluated_by, catalog_version, digest, results FROM compliance_evaluation "
					+ "WHERE id = ?")
			.param(id)
			.query((rs, row) -> new Stored(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
					rs.getString(4), rs.getString(5), ResultsJson.read(rs.getString(6))))
			.optional();
	}

	/** Sets a framework's point of {@code day} (the day's last evaluation wins). */
	void score(String frameworkId, LocalDate day, double share, double weighted, String evaluationId, Instant at) {
		int updated = this.jdbc
			.sql("""
					UPDATE compliance_score SET implemented_share = ?, weighted_score = ?, evaluation_id = ?, evaluated_at = ?
					WHERE framework_id = ? AND score_day = ? AND evaluated_at <= ?
					""")
			.params(share, weighted, evaluationId, utc(at), frameworkId, Date.valueOf(day), utc(at))
			.update();
		if (updated == 0) {
			boolean exists = this.jdbc
				.sql("SELECT COUNT(*) FROM compliance_score WHERE framework_id = ? AND score_day = ?")
				.params(frameworkId, Date.valueOf(day))
				.query(Long.class)
				.single() > 0;
			if (!exists) {
				this.jdbc.sql("""
						INSERT INTO compliance_score (framework_id, score_day, implemented_share, weighted_score,
						    evaluation_id, evaluated_at) VALUES (?, ?, ?, ?, ?, ?)
						""").params(frameworkId, Date.valueOf(day), share, weighted, evaluationId, utc(at)).update();
			}
		}
	}

	List<ScorePoint> history(String frameworkId, LocalDate from, LocalDate to) {
		return this.jdbc.sql("""
				SELECT score_day, implemented_share, weighted_score FROM compliance_score
				WHERE framework_id = ? AND score_day >= ? AND score_day <= ? ORDER BY score_day
				""")
			.params(frameworkId, Date.valueOf(from), Date.valueOf(to))
			.query((rs, row) -> new ScorePoint(rs.getDate(1).toLocalDate(), rs.getDouble(2), rs.getDouble(3)))
			.list();
	}

	static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
