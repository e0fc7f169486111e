package io.countersign.server.alert.internal.engine;

/**
 * Where detection stands, for the API and the console: who holds the lease and how far
 * behind the ledger's head the engine is.
 */
public interface EngineStatus {

	/** Read afresh from the database. */
	DetectionStatus status();

}
