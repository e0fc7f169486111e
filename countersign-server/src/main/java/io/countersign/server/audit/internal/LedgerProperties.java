package io.countersign.server.audit.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit ledger.
 *
 * @param origin the checkpoint origin line and the name of the checkpoint signing key
 * @param checkpointInterval how often a checkpoint is cut while the tree grows
 * @param maxBatch the most events the sequencer writes in one transaction
 * @param pipelineDepth how many batches may be in flight at once on PostgreSQL, each in
 * its own transaction on its own connection (1: one at a time; H2 always writes one at a
 * time)
 * @param appendTimeout the longest a caller waits for its append to be acknowledged (and
 * a write statement of the sequencer may take on PostgreSQL); past it the caller gets
 * {@code ERR_LEDGER_UNAVAILABLE}, and readiness reports DOWN while work waits this long
 * without a commit
 */
@ConfigurationProperties("countersign.ledger")
public record LedgerProperties(@DefaultValue("countersign.local/ledger") String origin,
		@DefaultValue("1s") Duration checkpointInterval, @DefaultValue("4096") int maxBatch,
		@DefaultValue("2") int pipelineDepth, @DefaultValue("10s") Duration appendTimeout) {

	public LedgerProperties {
		if (origin.isBlank() || origin.contains("+") || origin.chars().anyMatch(Character::isWhitespace)) {
			// C2SP signed-note: a key name is non-empty and has no spaces or plus signs.
			throw new IllegalArgumentException("countersign.ledger.origin must be a name without spaces or '+'");
		}
		if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
			throw new IllegalArgumentException("countersign.ledger.checkpoint-interval must be positive");
		}
		if (maxBatch < 1) {
			throw new IllegalArgumentException("countersign.ledger.max-batch must be at least 1");
		}
		if (pipelineDepth < 1 || pipelineDepth > 4) {
			throw new IllegalArgumentException("countersign.ledger.pipeline-depth must be between 1 and 4");
		}
		if (appendTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("countersign.ledger.append-timeout must be at least 1ms");
		}
	}

}
