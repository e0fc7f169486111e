package io.countersign.server.alert.internal.detectors;

import java.time.LocalDate;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code alert_actor_hours} table: per actor and UTC day, the hours it was active in
 * (bit {@code h} for hour {@code h}) (D9). Written in the caller's transaction (the
 * detection engine's).
 */
@Repository
class ActorHours {

	private final JdbcClient jdbc;

	ActorHours(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** The actor's active hours per day from {@code from} on. */
	TreeMap<LocalDate, Integer> since(String actor, LocalDate from) {
		TreeMap<LocalDate, Integer> days = new TreeMap<>();
		this.jdbc.sql("SELECT active_day, active_hours FROM alert_actor_hours WHERE actor = ? AND active_day >= ?")
			.params(actor, from)
			.query((row) -> {
				days.put(row.getObject("active_day", LocalDate.class), row.getInt("active_hours"));
			});
		return days;
	}

	/** Stores the actor's hours of {@code day}. */
	void put(String actor, LocalDate day, int hours) {
		int updated = this.jdbc.sql("UPDATE alert_actor_hours SET active_hours = ? WHERE actor = ? AND active_day = ?")
			.params(hours, actor, day)
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO alert_actor_hours (actor, active_day, active_hours) VALUES (?, ?, ?)")
				.params(actor, day, hours)
				.update();
		}
	}

	/** Forgets the actor's days before {@code from}. */
	void forgetBefore(String actor, LocalDate from) {
		this.jdbc.sql("DELETE FROM alert_actor_hours WHERE actor = ? AND active_day < ?").params(actor, from).update();
	}

}
