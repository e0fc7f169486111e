package io.countersign.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * H2 trigger that rejects UPDATE and DELETE on the append-only tables. Referenced by name
 * from the H2 migrations, so this class must not move.
 */
public class AppendOnlyTrigger implements Trigger {

	private String table;

	@Override
	public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
			int type) {
		this.table = tableName;
	}

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		String operation = (newRow == null) ? "DELETE" : "UPDATE";
		throw new SQLException("countersign: " + this.table + " is append-only, " + operation + " rejected", "23001");
	}

}
