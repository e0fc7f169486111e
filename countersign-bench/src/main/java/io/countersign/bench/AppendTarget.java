package io.countersign.bench;

import java.util.concurrent.CompletionStage;

/**
 * Something producers append events to: the sequencer or one of the baselines it is
 * compared with. Events are prepared before the clock starts, so the figures measure
 * appending, not generating test data.
 *
 * @param <P> an event in the form this target takes it
 */
interface AppendTarget<P> extends AutoCloseable {

	/** Turns a generated event into what {@link #append} takes; not timed. */
	P prepare(SampleEvent event);

	/** Appends one event; the stage completes once the event is durable. */
	CompletionStage<?> append(P event) throws Exception;

	@Override
	default void close() throws Exception {
	}

}
