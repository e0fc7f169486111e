package io.countersign.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.policies.PolicyBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench approvals}: the two writes of the approval workflow that people wait on,
 * against the server jar on PostgreSQL, from many concurrent clients: (a) opening a
 * request and (b) recording a signed decision. Every client is one person's tool with its
 * own HTTP connection; decisions are signed by the client before the clock starts, so the
 * latencies are the server's (and the network's), not the client's signing.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
		description = "Throughput and p50/p95/p99 of opening approval requests and of signed decisions, "
				+ "many clients, server jar on PostgreSQL.")
final class ApprovalsBench implements Callable<Integer> {

	static final String ACTION_TYPE = "bench.approve";

	static final String QUORUM = "2 of approver";

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_approvals",
			description = "PostgreSQL database, dropped and created afresh (default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--clients", defaultValue = "64",
			description = "Concurrent clients, each with its own connection (default: ${DEFAULT-VALUE}).")
	private int clients;

	@Option(names = "--people", defaultValue = "16",
			description = "People with registered Ed25519 keys; each initiates and approves (default: ${DEFAULT-VALUE}).")
	private int people;

	@Option(names = "--warmup", defaultValue = "120",
			description = "Seconds of unreported load first: event, open, approve, approve; the server's JIT "
					+ "compilers still take a large share of two cores after 60 s (default: ${DEFAULT-VALUE}).")
	private int warmupSeconds;

	@Option(names = "--seconds", defaultValue = "20",
			description = "Seconds measured for each of (a) and (b) (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--rate", defaultValue = "0",
			description = "Requests per second offered by all clients together, on a fixed schedule (open loop: "
					+ "each request is timed from when it was due, so a server that falls behind pays for the "
					+ "queue); 0 runs the clients back to back (closed loop, the server saturated) (default: "
					+ "${DEFAULT-VALUE}).")
	private double rate;

	@Option(names = "--settle", defaultValue = "60",
			description = "With --rate: seconds of the paced mix after the warm-up, not reported, so the server's JIT "
					+ "recompiles for the paced load before the clock starts (default: ${DEFAULT-VALUE}).")
	private int settleSeconds;

	@Option(names = "--heap", defaultValue = "1g", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
	private String heap;

	@Option(names = "--server-option", paramLabel = "<jvm-option>",
			description = "Another JVM option of the server, e.g. -XX:StartFlightRecording=filename=approvals.jfr "
					+ "(repeatable).")
	private List<String> serverOptions = new ArrayList<>();

	@Option(names = { "--server-jar", "--jar" },
			description = "Server jar to start (default: countersign-server/target/countersign.jar).")
	private Optional<Path> jar;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.people < 3) {
			throw new IllegalArgumentException("--people must be at least 3: an initiator and two approvers");
		}
		BenchDatabase database = BenchDatabase.of(this.db);
		Path serverJar = ServerJar.locate(this.jar);
		database.recreate();
		out.println(Machine.describe(database));
		ServerSecrets secrets = ServerSecrets.generate();
		out.printf("activating the policy %s (%s, initiators operator) in-process on %s ...%n", ACTION_TYPE, QUORUM,
				database.name());
		out.flush();
		activatePolicy(database, secrets);
		List<String> jvm = new ArrayList<>(List.of("-Xmx" + this.heap));
		jvm.addAll(this.serverOptions);
		out.printf("starting %s %s ...%n", serverJar, jvm);
		out.flush();
		try (ServerProcess server = ServerProcess.start(serverJar, jvm, database, secrets)) {
			out.printf("server pid %d, log %s%n", server.pid(), server.log());
			URI base = server.uri("/");
			List<Approver> team = team(base, secrets.token());
			out.printf("%d people with registered Ed25519 keys, each an operator and an approver; %d clients, "
					+ "client i acts as person i mod %d%n", team.size(), this.clients, team.size());
			out.printf("warm-up: %d s of one event, an open and two signed approvals per request (not reported)%n",
					this.warmupSeconds);
			out.flush();
			new Load(base, team, Duration.ofSeconds(this.warmupSeconds), new ConcurrentLinkedQueue<>(), 0)
				.run(Phase.CYCLE);

			if (this.rate > 0) {
				paced(server, base, team, out);
			}
			else {
				backToBack(server, base, team, out);
			}
			out.printf("target: p99 < 20 ms at 64 clients for (a) and (b)%n");
		}
		return 0;
	}

	/**
	 * Closed loop: the baseline, then (a), then (b), each alone, the clients back to
	 * back.
	 */
	private void backToBack(ServerProcess server, URI base, List<Approver> team, PrintWriter out)
			throws InterruptedException {
		CpuSample cpuBase = CpuSample.of(server);
		Load baseline = new Load(base, team, Duration.ofSeconds(this.seconds), new ConcurrentLinkedQueue<>(), 0);
		Duration baselineTook = baseline.run(Phase.EVENT);
		Queue<Opened> opened = new ConcurrentLinkedQueue<>();
		CpuSample cpu0 = CpuSample.of(server);
		Load creating = new Load(base, team, Duration.ofSeconds(this.seconds), opened, 0);
		Duration creatingTook = creating.run(Phase.OPEN);
		CpuSample cpu1 = CpuSample.of(server);
		Load deciding = new Load(base, team, Duration.ofSeconds(this.seconds), opened, 0);
		Duration decidingTook = deciding.run(Phase.DECIDE);
		CpuSample cpu2 = CpuSample.of(server);

		Latencies events = baseline.merged(0);
		Latencies opens = creating.merged(0);
		Latencies first = deciding.merged(1);
		Latencies last = deciding.merged(2);
		out.println();
		out.printf("%d clients, %d people, policy %s; %d s measured per operation; closed loop (back to back)%n",
				this.clients, team.size(), QUORUM, this.seconds);
		out.printf("baseline, the same clients and stack: one audit event (POST /api/v1/events): %s%n",
				events.summary(baselineTook));
		report(opens, first, last, creatingTook, decidingTook, out);
		perOperation("baseline", cpuBase, cpu0, events.count(), out);
		perOperation("(a)", cpu0, cpu1, opens.count(), out);
		perOperation("(b)", cpu1, cpu2, first.count() + last.count(), out);
		Optional.ofNullable(baseline.firstFailure.get())
			.or(() -> Optional.ofNullable(creating.firstFailure.get()))
			.or(() -> Optional.ofNullable(deciding.firstFailure.get()))
			.ifPresent((failure) -> out.printf("first failure: %s%n", failure));
	}

	/**
	 * Open loop: the mix of the warm-up (an event, an open, two approvals) at the offered
	 * rate, first unreported while the JIT settles, then measured. One mix throughout: a
	 * server switched from one operation to another recompiles for it, and a latency
	 * measured during that is the JIT's, not the operation's.
	 */
	private void paced(ServerProcess server, URI base, List<Approver> team, PrintWriter out)
			throws InterruptedException {
		out.printf("settling: %d s of the same mix at %,.0f requests/s (not reported)%n", this.settleSeconds,
				this.rate);
		out.flush();
		new Load(base, team, Duration.ofSeconds(this.settleSeconds), new ConcurrentLinkedQueue<>(), this.rate)
			.run(Phase.CYCLE);
		CpuSample cpu0 = CpuSample.of(server);
		Load mix = new Load(base, team, Duration.ofSeconds(3L * this.seconds), new ConcurrentLinkedQueue<>(),
				this.rate);
		Duration took = mix.run(Phase.CYCLE);
		CpuSample cpu1 = CpuSample.of(server);
		Latencies events = mix.merged(3);
		Latencies opens = mix.merged(0);
		Latencies first = mix.merged(1);
		Latencies last = mix.merged(2);
		out.println();
		out.printf(
				"%d clients, %d people, policy %s; open loop, %,.0f requests/s offered in all, %d s measured of "
						+ "the mix (per client: an event, an open, two approvals)%n",
				this.clients, team.size(), QUORUM, this.rate, 3 * this.seconds);
		out.printf("baseline, in the same mix: one audit event (POST /api/v1/events): %s%n", events.summary(took));
		report(opens, first, last, took, took, out);
		perOperation("per request of the mix", cpu0, cpu1,
				events.count() + opens.count() + first.count() + last.count(), out);
		Optional.ofNullable(mix.firstFailure.get()).ifPresent((failure) -> out.printf("first failure: %s%n", failure));
	}

	private static void report(Latencies opens, Latencies first, Latencies last, Duration creatingTook,
			Duration decidingTook, PrintWriter out) {
		out.printf("(a) open a request (POST /api/v1/approvals): %s%n", opens.summary(creatingTook));
		out.printf("(b) signed decision (POST /api/v1/approvals/{id}/decisions): %s%n",
				Latencies.merge(List.of(first, last)).summary(decidingTook));
		out.printf("      first approval (quorum still open): %s%n", first.summary(decidingTook));
		out.printf("      second approval (meets it, UNDER_REVIEW -> APPROVED): %s%n", last.summary(decidingTook));
	}

	/**
	 * The bench policy, stored as a policy change would store it. There is no policy API
	 * in every build this bench measures, so it is written through the server's own
	 * {@link PolicyBook}, in-process, before the server jar starts on the same database.
	 */
	private static void activatePolicy(BenchDatabase database, ServerSecrets secrets) throws Exception {
		try (InProcessServer server = InProcessServer.start(database, secrets)) {
			PolicyDocument policy = new PolicyDocument(ACTION_TYPE, 1, "bench approvals", List.of("operator"), QUORUM,
					List.of(), false, Optional.empty(), Duration.ofHours(24), 20, PolicyDocument.EXECUTION_INITIATOR);
			server.bean(TransactionTemplate.class)
				.executeWithoutResult(
						(status) -> server.bean(PolicyBook.class).activate(policy, "bench", Optional.empty()));
		}
	}

	private List<Approver> team(URI base, String adminToken) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<Approver> team = new ArrayList<>();
		for (int i = 0; i < this.people; i++) {
			team.add(Approver.create(client, base, adminToken, "bench_person_%03d".formatted(i),
					List.of("operator", "approver")));
		}
		return team;
	}

	private static void perOperation(String what, CpuSample before, CpuSample after, int operations, PrintWriter out) {
		if (before.total().isPresent() && after.total().isPresent() && operations > 0) {
			String jit = (before.compilers().isPresent() && after.compilers().isPresent())
					? ", of which the JIT compilers %,.0f µs".formatted(
							after.compilers().get().minus(before.compilers().get()).toNanos() / 1e3 / operations)
					: "";
			out.printf("server CPU %s: %,.0f µs per operation%s%n", what,
					after.total().get().minus(before.total().get()).toNanos() / 1e3 / operations, jit);
		}
	}

	/** The server's CPU time so far, all threads and its JIT compiler threads. */
	private record CpuSample(Optional<Duration> total, Optional<Duration> compilers) {

		static CpuSample of(ServerProcess server) {
			return new CpuSample(server.cpuTime(), server.compilerCpuTime());
		}

	}

	/** A request the clients opened, for the decisions of (b). */
	record Opened(String id, int revision, String digest, int initiator) {

	}

	enum Phase {

		/**
		 * Append one baseline event, open a request, then approve it twice: the warm-up.
		 */
		CYCLE,
		/**
		 * The baseline: append one audit event, through the same HTTP stack,
		 * authentication and ledger, with no approval logic.
		 */
		EVENT,
		/** (a): open requests. */
		OPEN,
		/** (b): approve the requests (a) opened, twice each. */
		DECIDE

	}

	/** The clients of one phase and what they measured. */
	private final class Load {

		private final URI base;

		private final List<Approver> team;

		private final Duration duration;

		private final Queue<Opened> opened;

		/**
		 * Per client: latencies of opening [0], of the first [1] and second [2] approval,
		 * and of the mix's events [3].
		 */
		private final List<Latencies[]> measured = new ArrayList<>();

		final AtomicReference<String> firstFailure = new AtomicReference<>();

		/** Each client's time between requests when paced; 0 for back to back. */
		private final long periodNanos;

		/** The client thread's next due time, when paced. */
		private final ThreadLocal<long[]> due = new ThreadLocal<>();

		Load(URI base, List<Approver> team, Duration duration, Queue<Opened> opened, double rate) {
			this.base = base;
			this.team = team;
			this.duration = duration;
			this.opened = opened;
			this.periodNanos = (rate > 0) ? Math.round(ApprovalsBench.this.clients * 1e9 / rate) : 0;
		}

		/** Runs the clients until the time is up (or (b) runs out of requests). */
		Duration run(Phase phase) throws InterruptedException {
			List<Thread> threads = new ArrayList<>();
			long start = System.nanoTime();
			long deadline = start + this.duration.toNanos();
			for (int c = 0; c < ApprovalsBench.this.clients; c++) {
				Latencies[] latencies = { new Latencies(), new Latencies(), new Latencies(), new Latencies() };
				this.measured.add(latencies);
				int client = c;
				Thread thread = new Thread(() -> client(phase, client, deadline, latencies), "bench-client-" + c);
				thread.setDaemon(true);
				threads.add(thread);
			}
			threads.forEach(Thread::start);
			for (Thread thread : threads) {
				thread.join();
			}
			return Duration.ofNanos(System.nanoTime() - start);
		}

		Latencies merged(int operation) {
			return Latencies.merge(this.measured.stream().map((latencies) -> latencies[operation]).toList());
		}

		private void client(Phase phase, int client, long deadline, Latencies[] latencies) {
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			if (this.periodNanos > 0) {
				// clients spread evenly over one period, so the offered load is smooth
				this.due
					.set(new long[] { System.nanoTime() + this.periodNanos * client / ApprovalsBench.this.clients });
			}
			int initiator = client % this.team.size();
			long n = 0;
			while (System.nanoTime() < deadline) {
				if (phase == Phase.EVENT) {
					event(http, client, n++, latencies[0]);
				}
				else if (phase == Phase.DECIDE) {
					Opened request = this.opened.poll();
					if (request == null) {
						return;
					}
					decideTwice(http, request, latencies);
				}
				else {
					if (phase == Phase.CYCLE) {
						// the baseline's code path gets the same warm-up as (a) and (b):
						// a
						// baseline measured on code still being compiled cost 5x its CPU
						event(http, client, n, latencies[3]);
					}
					Opened request = open(http, client, initiator, n++, latencies[0]);
					if (request != null && phase == Phase.CYCLE) {
						decideTwice(http, request, latencies);
					}
					else if (request != null) {
						this.opened.add(request);
					}
				}
			}
		}

		private void event(HttpClient http, int client, long n, Latencies latencies) {
			Map<String, Object> body = Map.of("type", "DEPLOYMENT_EXECUTED", "actor",
					Map.of("id", "svc-deployer", "type", "service"), "action", "update", "resource",
					Map.of("type", "deployment", "id", "prod/deployment-" + n), "outcome", "success", "reason",
					"on-call change", "details", Map.of("client", client, "n", n, "environment", "prod"));
			send(http, "/api/v1/events", this.team.get(client % this.team.size()), body, latencies);
		}

		private Opened open(HttpClient http, int client, int initiator, long n, Latencies latencies) {
			Map<String, Object> body = Map.of("actionType", ACTION_TYPE, "parameters",
					Map.of("target", "db-" + (n % 100), "client", client, "n", n), "justification",
					"Benchmark request " + n + " of client " + client + ", rotation rehearsal");
			JsonNode opened = send(http, "/api/v1/approvals", this.team.get(initiator), body, latencies);
			return (opened != null) ? new Opened(opened.get("id").asString(), opened.get("revision").asInt(),
					opened.get("digest").asString(), initiator) : null;
		}

		private void decideTwice(HttpClient http, Opened request, Latencies[] latencies) {
			int size = this.team.size();
			decide(http, request, this.team.get((request.initiator() + 1) % size), latencies[1], "UNDER_REVIEW");
			decide(http, request, this.team.get((request.initiator() + 2) % size), latencies[2], "APPROVED");
		}

		private void decide(HttpClient http, Opened request, Approver approver, Latencies latencies, String expected) {
			String reason = "Checked by " + approver.name();
			SigningMessage message = new SigningMessage(ApprovalRequestId.of(request.id()), request.revision(),
					Verdict.APPROVE, reason, RequestDigest.fromHex(request.digest()));
			Map<String, Object> body = Map.of("decision", "approve", "reason", reason, "keyId", approver.keyId(),
					"signature", approver.sign(message));
			JsonNode recorded = send(http, "/api/v1/approvals/" + request.id() + "/decisions", approver, body,
					latencies);
			if (recorded != null && !expected.equals(recorded.path("state").asString())) {
				this.firstFailure.compareAndSet(null, "a decision left " + request.id() + " "
						+ recorded.path("state").asString() + ", expected " + expected);
			}
		}

		/**
		 * Back to back: now. Paced: sleeps until this client's next request is due and
		 * answers that due time, so time spent waiting behind a slow answer counts (no
		 * coordinated omission).
		 */
		private long waitUntilDue() {
			long[] next = this.due.get();
			if (next == null) {
				return System.nanoTime();
			}
			long due = next[0];
			next[0] += this.periodNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			return due;
		}

		/**
		 * POSTs {@code body} as {@code person}; times the exchange alone (paced: from
		 * when it was due).
		 */
		private JsonNode send(HttpClient http, String path, Approver person, Object body, Latencies latencies) {
			var request = Approver.request(this.base.resolve(path), person.token(), body);
			long start = waitUntilDue();
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				long elapsed = System.nanoTime() - start;
				if (response.statusCode() / 100 != 2) {
					latencies.fail();
					this.firstFailure.compareAndSet(null, "POST " + path + " answered " + response.statusCode() + ": "
							+ response.body().replace('\n', ' '));
					return null;
				}
				latencies.add(elapsed);
				return Approver.JSON.readTree(response.body());
			}
			catch (Exception ex) {
				latencies.fail();
				this.firstFailure.compareAndSet(null, "POST " + path + ": " + ex);
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				return null;
			}
		}

	}

}
