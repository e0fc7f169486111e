package io.countersign.server.alert.internal.engine;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.countersign.server.alert.internal.alerts.Alerts;
import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.LedgerFeed;
import io.countersign.server.shared.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the ledger in index order from the stored position and shows every entry to every
 * {@link Detector} once (docs/alerts.md, docs/decisions/025). One loop per instance; only
 * the holder of the detection lease evaluates. A batch is one transaction: the fenced
 * position update first (it locks the row, so the lease cannot change hands before the
 * commit), then the detectors and the alerts they find. Whatever fails, the batch rolls
 * back whole, and the detectors' windows, which may have seen part of it, are rebuilt by
 * {@link #prime replaying} the last window before going on.
 */
@Component
class DetectionEngine implements SmartLifecycle, EngineStatus {

	private static final Logger log = LoggerFactory.getLogger(DetectionEngine.class);

	private final List<Detector> detectors;

	private final LedgerFeed feed;

	private final DetectionRow row;

	private final Alerts alerts;

	private final TransactionTemplate transactions;

	private final DetectionProperties properties;

	private final Clock clock;

	private final String instance;

	private final Counter evaluated;

	private final MeterRegistry registry;

	private final AtomicLong lagEntries = new AtomicLong();

	private final AtomicLong lagMillis = new AtomicLong();

	private volatile boolean running;

	private Thread thread;

	// the lease as this instance last held it; only the loop thread touches these
	private Optional<Long> epoch = Optional.empty();

	private long position;

	private Optional<Instant> lastTime = Optional.empty();

	private Instant renewed = Instant.EPOCH;

	private boolean primed;

	private Optional<Ahead> ahead = Optional.empty();

	private final ExecutorService reader = Executors
		.newSingleThreadExecutor(DaemonThreads.named("alert-detection-read"));

	DetectionEngine(List<Detector> detectors, LedgerFeed feed, DetectionRow row, Alerts alerts,
			TransactionTemplate transactions, DetectionProperties properties, Clock clock, MeterRegistry registry) {
		this.detectors = List.copyOf(detectors);
		this.feed = feed;
		this.row = row;
		this.alerts = alerts;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.registry = registry;
		this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
		this.evaluated = Counter.builder("countersign.alerts.detection.evaluated")
			.description("Ledger entries the detection engine evaluated")
			.register(registry);
		Gauge.builder("countersign.alerts.detection.lag.entries", this.lagEntries::get)
			.description("Ledger entries not evaluated yet by detection")
			.register(registry);
		Gauge.builder("countersign.alerts.detection.lag.seconds", () -> this.lagMillis.get() / 1000.0)
			.description("Event time of the newest ledger entry minus that of the last evaluated one")
			.register(registry);
	}

	/** This instance's name in the lease. */
	String instance() {
		return this.instance;
	}

	List<String> rules() {
		return this.detectors.stream().map(Detector::rule).toList();
	}

	/** The lag as the gauges show it: entries, and seconds. */
	long lagEntries() {
		return this.lagEntries.get();
	}

	double lagSeconds() {
		return this.lagMillis.get() / 1000.0;
	}

	@Override
	public void start() {
		this.running = true;
		if (this.properties.enabled()) {
			this.thread = DaemonThreads.unstarted("alert-detection", this::loop);
			this.thread.start();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.reader.shutdownNow();
		Thread loop = this.thread;
		if (loop != null) {
			loop.interrupt();
			try {
				loop.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// after the web server and the ledger are up, before anything else stops
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private void loop() {
		while (this.running) {
			boolean more;
			try {
				more = step();
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				log.warn("alert detection: a batch failed and is evaluated again after a replay: {}", ex.toString());
				this.registry.counter("countersign.alerts.detection.failures").increment();
				this.primed = false;
				more = false;
			}
			if (!more && !pause()) {
				break;
			}
		}
		this.epoch.ifPresent((held) -> {
			try {
				this.row.release(this.instance, held);
			}
			catch (RuntimeException ex) {
				log.debug("could not give up the detection lease; it lapses by itself", ex);
			}
		});
	}

	private boolean pause() {
		try {
			Thread.sleep(this.properties.pollInterval().toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * One turn: hold the lease, replay if needed, evaluate one batch. True if it
	 * evaluated a full batch (more may be waiting).
	 */
	boolean step() {
		if (!hold()) {
			this.primed = false;
			refreshLag(this.row.read());
			return false;
		}
		if (!this.primed) {
			prime();
			this.primed = true;
		}
		List<ObservedEvent> events = readAhead(this.position);
		if (events.isEmpty()) {
			refreshLag(this.position, this.lastTime);
			return false;
		}
		long held = this.epoch.orElseThrow();
		long from = this.position;
		ObservedEvent last = events.get(events.size() - 1);
		// the next batch is read and parsed on another thread while this one is evaluated
		// and committed; if this one rolls back, that read is simply not used
		this.ahead = Optional
			.of(new Ahead(last.index() + 1, CompletableFuture.supplyAsync(() -> read(last.index() + 1), this.reader)));
		Instant until = this.clock.instant().plus(this.properties.leaseDuration());
		Boolean advanced = this.transactions.execute((status) -> {
			if (!this.row.advance(this.instance, held, from, last.index() + 1, last.time(), until)) {
				return false;
			}
			for (ObservedEvent event : events) {
				if (Observation.shown(event)) {
					evaluate(event);
				}
			}
			return true;
		});
		if (!Boolean.TRUE.equals(advanced)) {
			// another instance took the lease over: what this one saw of the batch is
			// forgotten at the next prime
			log.info("alert detection: lost the lease at entry {}", from);
			this.epoch = Optional.empty();
			this.primed = false;
			return false;
		}
		this.position = last.index() + 1;
		this.lastTime = Optional.of(last.time());
		this.renewed = this.clock.instant();
		this.evaluated.increment(events.size());
		refreshLag(this.position, this.lastTime);
		return events.size() == this.properties.batchSize();
	}

	/** The batch read ahead from {@code from}, or read now if none was. */
	private List<ObservedEvent> readAhead(long from) {
		Optional<Ahead> read = this.ahead;
		this.ahead = Optional.empty();
		if (read.isPresent() && read.get().from() == from) {
			try {
				List<ObservedEvent> events = read.get().events().join();
				if (!events.isEmpty()) {
					return events;
				}
			}
			catch (java.util.concurrent.CompletionException ex) {
				log.debug("alert detection: the read ahead failed; reading again", ex);
			}
		}
		return read(from);
	}

	private List<ObservedEvent> read(long from) {
		List<LedgerFeed.Entry> batch = this.feed.read(from, this.properties.batchSize());
		List<ObservedEvent> events = new ArrayList<>(batch.size());
		for (LedgerFeed.Entry entry : batch) {
			events.add(Observation.of(entry));
		}
		return events;
	}

	/** A batch being read from {@code from}. */
	private record Ahead(long from, CompletableFuture<List<ObservedEvent>> events) {

	}

	private void evaluate(ObservedEvent event) {
		for (Detector detector : this.detectors) {
			List<Finding> findings;
			try {
				findings = detector.observe(event, false);
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					// stopping: the batch rolls back and is evaluated again after a start
					throw ex;
				}
				// one faulty rule must not stop the others on every later entry
				log.error("alert detection: detector {} failed on entry {}; its finding, if any, is lost",
						detector.rule(), event.index(), ex);
				this.registry.counter("countersign.alerts.detector.errors", "rule", detector.rule()).increment();
				continue;
			}
			for (Finding finding : findings) {
				this.alerts.record(finding, detector.title(), event);
			}
		}
	}

	/**
	 * Renews the lease when a third of it has passed, or takes it when it lapsed; reads
	 * the stored position whenever the lease (re)starts.
	 */
	private boolean hold() {
		Instant now = this.clock.instant();
		Instant until = now.plus(this.properties.leaseDuration());
		if (this.epoch.isPresent()) {
			if (Duration.between(this.renewed, now).compareTo(this.properties.leaseDuration().dividedBy(3)) < 0) {
				return true;
			}
			if (this.row.renew(this.instance, this.epoch.get(), until)) {
				this.renewed = now;
				return true;
			}
			log.info("alert detection: the lease passed to another instance");
			this.epoch = Optional.empty();
		}
		if (!this.row.take(this.instance, now, until)) {
			return false;
		}
		DetectionRow.Position stored = this.row.read();
		if (!stored.holder().filter(this.instance::equals).isPresent()) {
			return false;
		}
		this.epoch = Optional.of(stored.epoch());
		this.position = stored.nextIndex();
		this.lastTime = stored.lastTime();
		this.renewed = now;
		this.primed = false;
		log.info("alert detection: this instance holds the lease (epoch {}) from entry {}", stored.epoch(),
				stored.nextIndex());
		return true;
	}

	/**
	 * Forgets every window and rebuilds them from the entries of the longest window up to
	 * the stored position, shown with {@code replay} set; what they find is discarded (it
	 * was stored when those entries were evaluated).
	 */
	private void prime() {
		this.detectors.forEach(Detector::reset);
		Duration window = this.detectors.stream().map(Detector::window).max(Duration::compareTo).orElse(Duration.ZERO);
		if (window.isZero() || this.position == 0 || this.lastTime.isEmpty()) {
			return;
		}
		long index = Math.min(this.feed.firstAtOrAfter(this.lastTime.get().minus(window)), this.position);
		long replayed = 0;
		while (index < this.position) {
			List<LedgerFeed.Entry> batch = this.feed.read(index,
					(int) Math.min(this.properties.batchSize(), this.position - index));
			if (batch.isEmpty()) {
				break;
			}
			for (LedgerFeed.Entry entry : batch) {
				ObservedEvent event = Observation.of(entry);
				if (Observation.shown(event)) {
					for (Detector detector : this.detectors) {
						detector.observe(event, true);
					}
				}
			}
			index += batch.size();
			replayed += batch.size();
		}
		log.info("alert detection: replayed {} entries ({} window) up to entry {}", replayed, window, this.position);
	}

	private void refreshLag(DetectionRow.Position stored) {
		refreshLag(stored.nextIndex(), stored.lastTime());
	}

	private void refreshLag(long next, Optional<Instant> evaluatedTime) {
		LedgerFeed.Head head = this.feed.head();
		this.lagEntries.set(Math.max(0, head.size() - next));
		long millis = 0;
		if (head.size() > next && head.newest().isPresent()) {
			Instant from = evaluatedTime.orElse(head.newest().get());
			millis = Math.max(0, Duration.between(from, head.newest().get()).toMillis());
		}
		this.lagMillis.set(millis);
	}

	@Override
	public DetectionStatus status() {
		DetectionRow.Position stored = this.row.read();
		LedgerFeed.Head head = this.feed.head();
		long lag = Math.max(0, head.size() - stored.nextIndex());
		double seconds = 0;
		if (lag > 0 && head.newest().isPresent()) {
			Instant from = stored.lastTime().orElse(head.newest().get());
			seconds = Math.max(0, Duration.between(from, head.newest().get()).toMillis()) / 1000.0;
		}
		return new DetectionStatus(this.properties.enabled(), stored.holder(),
				stored.holder().filter(this.instance::equals).isPresent(), stored.leaseUntil(), stored.nextIndex(),
				head.size(), lag, seconds, stored.lastTime(), rules());
	}

}
