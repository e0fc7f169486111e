package io.countersign.server.notification.internal.channels;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.countersign.server.notification.internal.ChannelKind;
import io.countersign.server.notification.internal.NotificationEvent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code notification_channel} table. */
@Repository
public class NotificationChannels {

	private static final String COLUMNS = """
			id, name, kind, target, secret, events, created_at, created_by, updated_at, removed_at
			""";

	private final JdbcClient jdbc;

	NotificationChannels(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Channel channel) {
		this.jdbc.sql("""
				INSERT INTO notification_channel (id, name, kind, target, secret, events, created_at, created_by,
				    updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(channel.id(), channel.name(), channel.kind().wire(), channel.target(),
					channel.sealedSecret().orElse(null), events(channel.events()), utc(channel.createdAt()),
					channel.createdBy(), utc(channel.updatedAt()))
			.update();
	}

	void update(Channel channel) {
		this.jdbc.sql("""
				UPDATE notification_channel SET name = ?, target = ?, secret = ?, events = ?, updated_at = ?
				WHERE id = ? AND removed_at IS NULL
				""")
			.params(channel.name(), channel.target(), channel.sealedSecret().orElse(null), events(channel.events()),
					utc(channel.updatedAt()), channel.id())
			.update();
	}

	void remove(String id, Instant now) {
		this.jdbc.sql("UPDATE notification_channel SET removed_at = ?, updated_at = ? WHERE id = ?")
			.params(utc(now), utc(now), id)
			.update();
	}

	/** The channel, locked against a concurrent change until the transaction ends. */
	Optional<Channel> lock(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_channel WHERE id = ? FOR UPDATE")
			.param(id)
			.query(NotificationChannels::channel)
			.optional();
	}

	public Optional<Channel> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_channel WHERE id = ?")
			.param(id)
			.query(NotificationChannels::channel)
			.optional();
	}

	/** Every channel, removed ones included if asked, oldest first. */
	public List<Channel> all(boolean includeRemoved) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM notification_channel"
					+ (includeRemoved ? "" : " WHERE removed_at IS NULL") + " ORDER BY created_at, id")
			.query(NotificationChannels::channel)
			.list();
	}

	/** The active channels that receive {@code event}. */
	public List<Channel> receiving(NotificationEvent event) {
		return all(false).stream().filter((channel) -> channel.events().contains(event)).toList();
	}

	private static String events(Set<NotificationEvent> events) {
		return events.stream().map(NotificationEvent::wire).sorted().collect(Collectors.joining(","));
	}

	private static Channel channel(ResultSet rs, int row) throws SQLException {
		Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
		Arrays.stream(rs.getString("events").split(","))
			.map(NotificationEvent::fromWire)
			.flatMap(Optional::stream)
			.forEach(events::add);
		return new Channel(rs.getString("id"), rs.getString("name"),
				ChannelKind.fromWire(rs.getString("kind")).orElseThrow(), rs.getString("target"),
				Optional.ofNullable(rs.getBytes("secret")), events, instant(rs, "created_at").orElseThrow(),
				rs.getString("created_by"), instant(rs, "updated_at").orElseThrow(), instant(rs, "removed_at"));
	}

	static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
	}

	static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
