package io.countersign.server.approval.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Column conversions shared by the approval repositories (PostgreSQL and H2 alike). */
public final class Rows {

	private Rows() {
	}

	/**
	 * Now, in milliseconds: what both databases store exactly and the ledger's RFC 3339
	 * times show, so a time in an event equals the stored one.
	 */
	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	public static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	public static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
		return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
	}

	public static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
		return instant(rs, column).orElseThrow(() -> new IllegalStateException(column + " is NULL"));
	}

	/** Role names, comma-separated (a role name never holds a comma). */
	public static String names(Collection<String> names) {
		return String.join(",", names);
	}

	public static List<String> names(String column) {
		return column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
	}

}
