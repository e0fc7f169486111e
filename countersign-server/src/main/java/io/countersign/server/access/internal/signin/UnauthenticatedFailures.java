package io.countersign.server.access.internal.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Source;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.access.internal.tokens.BearerTokenFilter;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps guessed credentials from growing the ledger without bound. Failed authentications
 * (an unknown bearer token or session cookie, a failed password sign-in) are counted per
 * source address and minute: the first
 * {@code countersign.access.failures.per-source-per-minute} are recorded one by one
 * ({@code authn_login_fail}), the rest of that minute are only counted, answered 429
 * ({@code ERR_TOO_MANY_FAILURES}), and summed up in one {@code authn_failures_aggregated}
 * event once the minute is over.
 * <p>
 * Only failures are limited: a valid credential from the same address is accepted as
 * ever, since an attacker may share a NAT or proxy with the administrator who has to act.
 * The counters are a bounded, expiring Caffeine cache, so an attacker rotating addresses
 * costs memory only up to {@link #MAX_SOURCES}; a counter pushed out early is summed up
 * all the same. They are per server instance: behind a load balancer the limit applies on
 * each instance.
 */
@Component
public class UnauthenticatedFailures implements SmartLifecycle {

	static final String AGGREGATED = "authn_failures_aggregated";

	static final int MAX_SOURCES = 10_000;

	/** Distinct user names counted per source and minute, enough to tell a spray. */
	static final int MAX_USERNAMES = 100;

	private static final Logger log = LoggerFactory.getLogger(UnauthenticatedFailures.class);

	private final int threshold;

	private final AuditTrail trail;

	private final Clock clock;

	private final Cache<String, Window> windows;

	/** Windows pushed out of the cache before their summary was written. */
	private final Queue<Window> evicted = new ConcurrentLinkedQueue<>();

	private volatile boolean running;

	UnauthenticatedFailures(AccessProperties properties, AuditTrail trail, Clock clock) {
		this.threshold = properties.failures().perSourcePerMinute();
		this.trail = trail;
		this.clock = clock;
		this.windows = Caffeine.newBuilder()
			.maximumSize(MAX_SOURCES)
			.expireAfterAccess(Duration.ofMinutes(2))
			.executor(Runnable::run)
			.<String, Window>evictionListener((source, window, cause) -> {
				if (window != null && cause.wasEvicted()) {
					this.evicted.add(window);
				}
			})
			.build();
	}

	/**
	 * Counts one failure of {@code method} ({@code token}, {@code session},
	 * {@code password}) from the current request's source address.
	 * @return whether it is to be recorded on its own; otherwise the source is over its
	 * limit and the request should be refused with {@link #retryAfter()}
	 */
	public boolean count(String method, Optional<String> username) {
		Instant minute = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		String source = currentSource();
		Window[] ended = new Window[1];
		int[] failures = new int[1];
		this.windows.asMap().compute(source, (key, window) -> {
			Window current = window;
			if (current == null || !current.minute.equals(minute)) {
				ended[0] = current;
				current = new Window(source, minute);
			}
			failures[0] = current.add(method, username);
			return current;
		});
		if (ended[0] != null) {
			summarize(ended[0]);
		}
		return failures[0] <= this.threshold;
	}

	/** How long until a source over its limit may fail again: the rest of the minute. */
	public Duration retryAfter() {
		Instant now = this.clock.instant();
		return Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
	}

	/** Writes the summaries of the minutes that are over. */
	@Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT10S")
	void flush() {
		Instant minute = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		flush((window) -> window.minute.isBefore(minute));
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Best effort at shutdown: the current minute's summaries too, written once no more
	 * requests come in and while the ledger still takes appends (see
	 * {@link #getPhase()}); an event that cannot be appended then stays in the audit
	 * outbox for the next start.
	 */
	@Override
	public void stop() {
		this.running = false;
		try {
			flush((window) -> true);
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the aggregated authentication failures at shutdown", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stopped after the web server (phase {@code DEFAULT_PHASE - 2048}), before the audit
	 * outbox and the ledger's sequencer.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2560;
	}

	private void flush(Predicate<Window> due) {
		for (Window window; (window = this.evicted.poll()) != null;) {
			summarizeOrKeep(window);
		}
		for (Map.Entry<String, Window> entry : this.windows.asMap().entrySet()) {
			// removed only if unchanged, so no failure is counted after it is summed up
			if (due.test(entry.getValue()) && this.windows.asMap().remove(entry.getKey(), entry.getValue())) {
				summarizeOrKeep(entry.getValue());
			}
		}
	}

	/** A summary that could not be written now is tried again at the next flush. */
	private void summarizeOrKeep(Window window) {
		try {
			summarize(window);
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the aggregated authentication failures of {}; retrying", window.source, ex);
			this.evicted.add(window);
			throw ex;
		}
	}

	private void summarize(Window window) {
		if (window.failures <= this.threshold) {
			// every failure of it is in the ledger already
			return;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("minute", window.minute.toString());
		details.put("failures", window.failures);
		details.put("recordedIndividually", this.threshold);
		details.put("methods", Map.copyOf(window.methods));
		if (!window.usernames.isEmpty()) {
			details.put("usernames", window.usernames.size());
		}
		this.trail.record(EventDraft.of("authn_failures_aggregated", BearerTokenFilter.ANONYMOUS)
			.withAction("authenticate")
			.withOutcome(Outcome.FAILURE, Optional.of("too many failures from the source"))
			.withSource(new Source(Optional.of(window.source), Optional.empty()))
			.withDetails(details));
	}

	private static String currentSource() {
		return AccessAudit.currentSource().flatMap(Source::ip).orElse("unknown");
	}

	/**
	 * The failures of one source in one minute; changed only inside the cache's compute,
	 * read once it is out of the cache.
	 */
	private static final class Window {

		private final String source;

		private final Instant minute;

		private final Map<String, Integer> methods = new LinkedHashMap<>();

		private final Set<String> usernames = new HashSet<>();

		private int failures;

		Window(String source, Instant minute) {
			this.source = source;
			this.minute = minute;
		}

		int add(String method, Optional<String> username) {
			this.methods.merge(method, 1, Integer::sum);
			username.filter((name) -> this.usernames.size() < MAX_USERNAMES)
				.ifPresent((name) -> this.usernames.add(name.toLowerCase(Locale.ROOT)));
			return ++this.failures;
		}

	}

}
