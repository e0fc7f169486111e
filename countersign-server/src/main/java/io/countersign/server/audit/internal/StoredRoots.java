package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.server.audit.StoredNodes;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * The RFC 6962 root of the stored tree at a given size, from the stored node hashes,
 * O(log n) rows. Always read from the database, never from the proof cache: it is what
 * tree heads held outside the database are compared with, so it must show the rows as
 * they are now.
 */
@Component
class StoredRoots {

	private final DataSource dataSource;

	StoredRoots(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * The root of the first {@code size} stored entries; fails with
	 * {@code ERR_LEDGER_INTEGRITY} when a row it needs is missing.
	 */
	Hash at(long size) {
		try (Connection connection = this.dataSource.getConnection()) {
			return MerkleTree.root(size, new StoredNodes(connection));
		}
		catch (SQLException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"cannot read ledger node hashes: " + ex.getMessage(), ex);
		}
	}

}
