package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * Reads tree hashes from {@code ledger_entry} on one connection: a level-0 node is a
 * row's {@code leaf_hash}; a node of level k is stored, k-th, in {@code subtree_hashes}
 * of the row of its last leaf (the leaf that completed it).
 */
public final class StoredNodes implements HashReader {

	private final Connection connection;

	public StoredNodes(Connection connection) {
		this.connection = connection;
	}

	@Override
	public List<Hash> read(List<NodeId> ids) {
		Map<Long, byte[][]> rows = rows(ids.stream().map(NodeId::lastLeaf).distinct().toList());
		return ids.stream().map((id) -> hash(id, rows.get(id.lastLeaf()))).toList();
	}

	private static Hash hash(NodeId id, byte[][] row) {
		if (row == null) {
			throw missing(id, "the row of entry " + id.lastLeaf() + " is missing");
		}
		if (id.level() == 0) {
			return Hash.of(row[0]);
		}
		int from = (id.level() - 1) * Hash.SIZE;
		if (row[1].length < from + Hash.SIZE) {
			throw missing(id, "entry " + id.lastLeaf() + " stores too few subtree hashes");
		}
		return Hash.of(Arrays.copyOfRange(row[1], from, from + Hash.SIZE));
	}

	private Map<Long, byte[][]> rows(List<Long> indexes) {
		String marks = indexes.stream().map((index) -> "?").collect(Collectors.joining(", "));
		Map<Long, byte[][]> rows = new HashMap<>();
		try (PreparedStatement select = this.connection
			.prepareStatement("SELECT idx, leaf_hash, subtree_hashes FROM ledger_entry WHERE idx IN (" + marks + ")")) {
			for (int i = 0; i < indexes.size(); i++) {
				select.setLong(i + 1, indexes.get(i));
			}
			try (ResultSet row = select.executeQuery()) {
				while (row.next()) {
					rows.put(row.getLong(1), new byte[][] { row.getBytes(2), row.getBytes(3) });
				}
			}
		}
		catch (SQLException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"cannot read ledger node hashes: " + ex.getMessage(), ex);
		}
		return rows;
	}

	private static CountersignException missing(NodeId id, String why) {
		return new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY,
				"cannot read tree node " + id + ": " + why + "; run verify --db");
	}

}
