package io.countersign.server.access;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code access_token} table: token hashes and their names. Tokens themselves are
 * never stored.
 */
@Repository
class AccessTokens {

	private final JdbcClient jdbc;

	AccessTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Caller> findByHash(TokenHash hash) {
		return this.jdbc.sql("SELECT id, name FROM access_token WHERE token_hash = ?")
			.param(hash.bytes())
			.query((rs, row) -> new Caller(rs.getString("id"), rs.getString("name")))
			.optional();
	}

	boolean isEmpty() {
		return this.jdbc.sql("SELECT COUNT(*) FROM access_token").query(Long.class).single() == 0;
	}

	boolean exists(TokenHash hash) {
		return this.jdbc.sql("SELECT COUNT(*) FROM access_token WHERE token_hash = ?")
			.param(hash.bytes())
			.query(Long.class)
			.single() > 0;
	}

	Caller add(TokenHash hash, String name, Instant now) {
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("INSERT INTO access_token (id, token_hash, name, created_at) VALUES (?, ?, ?, ?)")
			.params(id, hash.bytes(), name, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update();
		return new Caller(id, name);
	}

}
