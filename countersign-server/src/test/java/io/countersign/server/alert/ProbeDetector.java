package io.countersign.server.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A detector for tests: every event of type {@value #TYPE} is a hit on its actor. It
 * notes every entry it is shown (for real or in a replay), in one list shared by every
 * application in the JVM, so a test sees which instance evaluated what, and how often.
 */
public final class ProbeDetector implements Detector {

	public static final String TYPE = "test.probe";

	public static final String RULE = "T1";

	/**
	 * Every committed evaluation (not replay) of a probe event, by any instance: its
	 * index.
	 */
	public static final Queue<Long> EVALUATED = new ConcurrentLinkedQueue<>();

	/** Every index shown in a replay. */
	public static final Queue<Long> REPLAYED = new ConcurrentLinkedQueue<>();

	/** Every event type shown (for real), to see what the engine hides. */
	public static final Queue<String> TYPES = new ConcurrentLinkedQueue<>();

	/**
	 * While set, probes wait (until it is cleared, or the engine stops and interrupts)
	 * once some evaluation committed: detection stays in the middle of a stream however
	 * slowly the stream is appended. A delay per probe did not: on a loaded machine the
	 * appends were slower than detection.
	 */
	public static volatile boolean holdAfterFirstCommit;

	private final List<Long> window = new ArrayList<>();

	@Override
	public String rule() {
		return RULE;
	}

	@Override
	public String title() {
		return "Probe events";
	}

	@Override
	public Duration window() {
		return Duration.ofMinutes(10);
	}

	@Override
	public List<Finding> observe(ObservedEvent event, boolean replay) {
		if (replay) {
			REPLAYED.add(event.index());
		}
		else {
			TYPES.add(event.type());
		}
		if (!TYPE.equals(event.type())) {
			return List.of();
		}
		this.window.add(event.index());
		if (replay) {
			return List.of();
		}
		while (holdAfterFirstCommit && !EVALUATED.isEmpty()) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while evaluating a probe", ex);
			}
		}
		// counted when the batch commits, as a write of the detector's would be
		long index = event.index();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				EVALUATED.add(index);
			}
		});
		return List.of(new Finding(RULE, Severity.HIGH, "actor:" + event.actorId(),
				"probe " + event.index() + " by " + event.actorId(), List.of(event.index())));
	}

	@Override
	public void reset() {
		this.window.clear();
	}

	public static void forget() {
		holdAfterFirstCommit = false;
		EVALUATED.clear();
		REPLAYED.clear();
		TYPES.clear();
	}

	/** Makes the probe a detector of the application. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		ProbeDetector probeDetector() {
			return new ProbeDetector();
		}

	}

}
