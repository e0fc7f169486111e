package io.countersign.server.audit.internal;

import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import io.countersign.ledger.event.Resource;
import io.countersign.server.audit.ResourceEvents;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@link ResourceEvents} from {@code ledger_entry}'s resource index
 * ({@code resource_type, resource_id, idx}).
 */
@Repository
class ResourceEventRows implements ResourceEvents {

	private final JdbcClient jdbc;

	ResourceEventRows(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	@Override
	public List<LoggedEvent> of(Resource resource) {
		return this.jdbc.sql("""
				SELECT idx, ts, type, actor_id, outcome FROM ledger_entry
				WHERE resource_type = ? AND resource_id = ? ORDER BY idx LIMIT ?
				""")
			.params(resource.type(), resource.id(), LIMIT)
			.query((row, n) -> new LoggedEvent(row.getLong(1), row.getObject(2, OffsetDateTime.class).toInstant(),
					row.getString(3), row.getString(4), row.getString(5)))
			.list();
	}

}
