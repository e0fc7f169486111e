package io.countersign.server.access.internal.signin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Accounts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code login_throttle} table. */
@Repository
class LoginThrottles {

	private final JdbcClient jdbc;

	LoginThrottles(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<LoginThrottle> find(String username) {
		return this.jdbc
			.sql("SELECT username, failures, window_started_at, locked_until FROM login_throttle "
					+ "WHERE username = ?")
			.param(username)
			.query(LoginThrottles::throttle)
			.optional();
	}

	/**
	 * The row, locked until the transaction ends so that concurrent failures (on any
	 * server instance) are counted one after the other.
	 */
	Optional<LoginThrottle> findForUpdate(String username) {
		return this.jdbc
			.sql("SELECT username, failures, window_started_at, locked_until FROM login_throttle "
					+ "WHERE username = ? FOR UPDATE")
			.param(username)
			.query(LoginThrottles::throttle)
			.optional();
	}

	/**
	 * Inserts the first failure of a name.
	 * @throws org.springframework.dao.DuplicateKeyException if another request inserted
	 * it first
	 */
	void insert(LoginThrottle throttle) {
		this.jdbc.sql("""
				INSERT INTO login_throttle (username, failures, window_started_at, locked_until)
				VALUES (?, ?, ?, ?)
				""")
			.params(throttle.username(), throttle.failures(), Accounts.utc(throttle.windowStartedAt()),
					throttle.lockedUntil().map(Accounts::utc).orElse(null))
			.update();
	}

	void update(LoginThrottle throttle) {
		this.jdbc.sql("""
				UPDATE login_throttle SET failures = ?, window_started_at = ?, locked_until = ?
				WHERE username = ?
				""")
			.params(throttle.failures(), Accounts.utc(throttle.windowStartedAt()),
					throttle.lockedUntil().map(Accounts::utc).orElse(null), throttle.username())
			.update();
	}

	void delete(String username) {
		this.jdbc.sql("DELETE FROM login_throttle WHERE username = ?").param(username).update();
	}

	private static LoginThrottle throttle(ResultSet rs, int row) throws SQLException {
		return new LoginThrottle(rs.getString("username"), rs.getInt("failures"),
				Accounts.instant(rs, "window_started_at").orElseThrow(), Accounts.instant(rs, "locked_until"));
	}

}
