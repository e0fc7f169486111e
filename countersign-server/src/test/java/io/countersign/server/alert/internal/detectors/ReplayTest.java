package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's replay contract for the windowed detectors: stopped anywhere in a stream,
 * {@code reset()} and shown again with {@code replay} the events of the last
 * {@code window()} up to where it stopped, a detector finds on the rest of the stream
 * exactly what it would have found had it never stopped.
 */
class ReplayTest {

	static Stream<Arguments> detectors() {
		List<Function<CurrentSettings, Detector>> made = List.of(FailedSignInsForAccount::new,
				FailedAuthenticationsFromSource::new, PasswordSpraying::new, SignInAfterFailures::new, BulkExport::new,
				FailedAuthorizationsByActor::new);
		return made.stream().flatMap((make) -> Stream.of(1L, 2L, 3L).map((seed) -> Arguments.of(make, seed)));
	}

	@ParameterizedTest
	@MethodSource("detectors")
	void afterResetAndReplayADetectorFiresAsIfItHadNeverStopped(Function<CurrentSettings, Detector> make, long seed) {
		List<ObservedEvent> stream = stream(new Random(seed), 3_000);
		Detector live = make.apply(new Events.Fixed());
		List<List<Finding>> expected = stream.stream().map((event) -> live.observe(event, false)).toList();
		assertThat(expected.stream().mapToInt(List::size).sum()).as("the stream makes the rule fire").isPositive();

		Random stops = new Random(seed * 31);
		for (int run = 0; run < 5; run++) {
			int stop = 1 + stops.nextInt(stream.size() - 1);
			Detector restarted = make.apply(new Events.Fixed());
			for (ObservedEvent event : stream.subList(0, stop)) {
				restarted.observe(event, false);
			}
			restarted.reset();
			Instant from = stream.get(stop - 1).time().minus(restarted.window());
			for (ObservedEvent event : stream.subList(0, stop)) {
				if (!event.time().isBefore(from)) {
					restarted.observe(event, true);
				}
			}
			for (int i = stop; i < stream.size(); i++) {
				assertThat(restarted.observe(stream.get(i), false))
					.as("%s, seed %d, stopped before %d, event %d", restarted.rule(), seed, stop, i)
					.isEqualTo(expected.get(i));
			}
		}
	}

	/**
	 * Front-door failures, sign-ins, denials and exports from a few accounts, sources and
	 * actors, in bursts and pauses, so each rule crosses its threshold now and then.
	 */
	private static List<ObservedEvent> stream(Random random, int size) {
		Events events = new Events();
		List<ObservedEvent> stream = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			events.after(Duration.ofSeconds(random.nextInt(10) < 8 ? random.nextInt(40) : random.nextInt(1800)));
			String account = "user" + random.nextInt(8);
			String source = "203.0.113." + random.nextInt(4);
			String actor = "svc" + random.nextInt(3);
			stream.add(switch (random.nextInt(8)) {
				case 0, 1, 2 -> events.passwordFailure(account, source);
				case 3 -> events.tokenFailure(source);
				case 4 -> events.signIn(account, source);
				case 5 -> events.aggregated(source, 10 + random.nextInt(30), 10, random.nextInt(8));
				case 6 -> {
					// now and then a burst, enough for D8
					int burst = (random.nextInt(10) == 0) ? 12 : 1;
					for (int j = 1; j < burst; j++) {
						stream.add(events.denied(actor));
						events.after(Duration.ofSeconds(5));
					}
					yield events.denied(actor);
				}
				default -> events.export(actor, random.nextInt(4_000));
			});
		}
		return stream;
	}

}
