package io.countersign.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench console}: the audit viewer's first page ({@code /ui/audit}) on a large
 * ledger, as a signed-in auditor's browser asks for it, with and without an actor filter.
 * Issue 17 asks for a server time p99 under 300 ms on 1,000,000 events; the server's own
 * request timer gives that time (see {@link ServerRequestTimes}), wrk the client's view.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
		description = "The audit viewer's first page (/ui/audit) with a console session on a large ledger "
				+ "(filled once, then reused).")
final class ConsoleBench implements Callable<Integer> {

	static final int TARGET_MILLIS = 300;

	private static final long SCENARIO_WARMUP_SECONDS = 5;

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_1m",
			description = "PostgreSQL database, created and filled if it holds fewer than --entries "
					+ "(default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--entries", defaultValue = "1000000",
			description = "Ledger size to measure on (default: ${DEFAULT-VALUE}).")
	private long entries;

	@Option(names = "--connections", defaultValue = "1,8", split = ",",
			description = "wrk connections, each with one request in flight; every scenario runs once per value "
					+ "(default: ${DEFAULT-VALUE}).")
	private List<Integer> connections;

	@Option(names = "--threads", defaultValue = "2", description = "wrk threads (default: ${DEFAULT-VALUE}).")
	private int threads;

	@Option(names = "--seconds", defaultValue = "20",
			description = "Seconds measured per scenario, after 5 s of warm-up (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--heap", defaultValue = "512m", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
	private String heap;

	@Option(names = "--server-option",
			description = "A further JVM option for the server, e.g. --server-option=-XX:StartFlightRecording=filename=console.jfr (repeatable).")
	private List<String> serverOptions = new ArrayList<>();

	@Option(names = "--state-dir", defaultValue = "${sys:user.home}/.countersign-bench",
			description = "Where the bench database's secrets are kept between runs (default: ${DEFAULT-VALUE}).")
	private Path stateDir;

	@Option(names = "--scenarios", defaultValue = "all,actor", split = ",",
			description = "Scenarios to run, of all (default filter) and actor (default: ${DEFAULT-VALUE}).")
	private List<String> only;

	@Mixin
	private ServerUnderLoad serverUnderLoad;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		List<Scenario> scenarios = scenarios(this.only)
			.orElseThrow(() -> new ParameterException(this.spec.commandLine(),
					"--scenarios takes all or actor, not " + this.only));
		BenchDatabase database = BenchDatabase.of(this.db);
		database.createIfAbsent();
		out.println(Machine.describe(database));
		ServerSecrets secrets = new LedgerFill(database, this.stateDir).ensure(this.entries, out);
		out.printf("ledger: %,d entries%n", database.ledgerSize());
		List<String> jvm = new ArrayList<>(List.of("-Xmx" + this.heap));
		jvm.addAll(ServerRequestTimes.serverOptions(TARGET_MILLIS));
		jvm.addAll(this.serverOptions);
		out.printf("starting the server jar with %s ...%n", jvm);
		out.flush();
		List<String> lines = new ArrayList<>();
		boolean pass = true;
		try (ServerProcess server = ServerProcess.start(this.serverUnderLoad.serverJar(), jvm, database, secrets)) {
			out.printf("server pid %d, log %s%n", server.pid(), server.log());
			HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
			String cookie = ConsoleSession.signIn(client, server.uri("/"), secrets.token());
			out.println("signed in a new auditor (events:read) through POST /api/v1/session");
			ServerRequestTimes times = new ServerRequestTimes(server.uri("/actuator/prometheus"), secrets.token(),
					"/ui/audit");
			for (Scenario scenario : scenarios) {
				ConsoleSession.check(client, server.uri(scenario.samplePath()), cookie);
				for (int connections : this.connections) {
					int threads = Math.min(this.threads, connections);
					out.printf("  %s: wrk -t%d -c%d -d%ds --latency -s console.lua -- %s%n", scenario.title(), threads,
							connections, this.seconds, scenario.mode());
					out.flush();
					Map<String, String> environment = Map.of("COUNTERSIGN_COOKIE", cookie);
					new Wrk(this.serverUnderLoad.wrk(), threads, connections,
							Duration.ofSeconds(SCENARIO_WARMUP_SECONDS))
						.run("console.lua", server.uri("/"), environment, List.of(scenario.mode()),
								new PrintWriter(java.io.Writer.nullWriter()));
					ServerRequestTimes.Snapshot before = times.snapshot();
					Optional<Duration> cpuBefore = server.cpuTime();
					Wrk.WrkResult result = new Wrk(this.serverUnderLoad.wrk(), threads, connections,
							Duration.ofSeconds(this.seconds))
						.run("console.lua", server.uri("/"), environment, List.of(scenario.mode()), out);
					Optional<Duration> cpuAfter = server.cpuTime();
					ServerRequestTimes.Snapshot measured = times.snapshot().since(before);
					String cpu = "";
					if (cpuBefore.isPresent() && cpuAfter.isPresent() && result.requests() > 0) {
						cpu = ", server CPU %,.0f µs/req"
							.formatted(cpuAfter.get().minus(cpuBefore.get()).toNanos() / 1e3 / result.requests());
					}
					Optional<Duration> serverP99 = measured.percentile(0.99);
					boolean met = result.failed() == 0 && serverP99.isPresent()
							&& serverP99.get().toMillis() < TARGET_MILLIS;
					pass &= met;
					lines.add("%-38s %2d conn | server p50 %s, p99 %s, mean %s, %.2f%% within %d ms | %s".formatted(
							scenario.title(), connections, bound(measured.percentile(0.5)), bound(serverP99),
							Wrk.WrkResult.millis(measured.mean()),
							100 * measured.within(Duration.ofMillis(TARGET_MILLIS)) / measured.count(), TARGET_MILLIS,
							met ? "PASS" : "FAIL"));
					lines.add(
							"%-38s         | wrk p50 %9s | p99 %9s | max %9s | %,7d requests, %,d failed, %,.0f req/s%s"
								.formatted("", Wrk.WrkResult.millis(result.p50()), Wrk.WrkResult.millis(result.p99()),
										Wrk.WrkResult.millis(result.max()), result.requests(), result.failed(),
										result.perSecond(), cpu));
				}
			}
		}
		out.println();
		out.printf(
				"%,d-entry ledger, server at %s; server time = the server's request timer "
						+ "(http_server_requests_seconds, bucket upper bounds), wrk = client incl. loopback:%n",
				database.ledgerSize(), jvm);
		lines.forEach(out::println);
		out.printf("%s: audit viewer first page, server time p99 < %d ms in every scenario above%n",
				pass ? "PASS" : "FAIL", TARGET_MILLIS);
		return 0;
	}

	private static String bound(Optional<Duration> duration) {
		return duration.map((value) -> "<= " + Wrk.WrkResult.millis(value)).orElse("n/a");
	}

	/** The chosen scenarios in their fixed order, or empty if a name is unknown. */
	static Optional<List<Scenario>> scenarios(List<String> names) {
		List<Scenario> chosen = Scenario.ALL.stream().filter((scenario) -> names.contains(scenario.mode())).toList();
		return (chosen.size() == Set.copyOf(names).size()) ? Optional.of(chosen) : Optional.empty();
	}

	/**
	 * One kind of first page.
	 *
	 * @param mode the console.lua mode
	 * @param title what is measured
	 * @param samplePath a page of this kind, fetched once to check the session reaches it
	 */
	record Scenario(String mode, String title, String samplePath) {

		static final List<Scenario> ALL = List.of(new Scenario("all", "first page, default filter", "/ui/audit"),
				new Scenario("actor", "first page, random actor of 1,000", "/ui/audit?actor=user-0042"));

	}

	/**
	 * A console session as a browser gets one: a new account holding {@code auditor}
	 * (made with the administrator token), the CSRF token, then the password sign-in.
	 */
	static final class ConsoleSession {

		private ConsoleSession() {
		}

		/** Returns the {@code Cookie} header a signed-in browser sends. */
		static String signIn(HttpClient client, URI base, String adminToken) throws IOException, InterruptedException {
			SecureRandom random = new SecureRandom();
			byte[] bytes = new byte[12];
			random.nextBytes(bytes);
			// a new account per run: a reused ledger keeps the earlier runs' accounts
			String username = "bench_auditor_" + HexFormat.of().formatHex(bytes, 0, 4);
			String password = "Bench-" + HexFormat.of().formatHex(bytes, 4, 12);
			HttpResponse<String> created = client.send(
					Approver.request(base.resolve("/api/v1/users"), adminToken,
							Map.of("username", username, "password", password, "roles", List.of("auditor"))),
					HttpResponse.BodyHandlers.ofString());
			expect(created, 201, "POST /api/v1/users");
			HttpResponse<String> csrf = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/session/csrf"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
			expect(csrf, 200, "GET /api/v1/session/csrf");
			JsonNode csrfBody = Approver.JSON.readTree(csrf.body());
			Map<String, String> jar = new LinkedHashMap<>();
			keep(jar, csrf);
			HttpResponse<String> session = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/session"))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.header("Cookie", header(jar))
				.header(csrfBody.get("headerName").asString(), csrfBody.get("token").asString())
				.POST(HttpRequest.BodyPublishers
					.ofString(Approver.JSON.writeValueAsString(Map.of("username", username, "password", password))))
				.build(), HttpResponse.BodyHandlers.ofString());
			expect(session, 201, "POST /api/v1/session");
			keep(jar, session);
			// signing in renews the CSRF token; the browser's next page fetches the new
			// one
			HttpResponse<String> renewed = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/session/csrf"))
				.header("Accept", "application/json")
				.header("Cookie", header(jar))
				.build(), HttpResponse.BodyHandlers.ofString());
			expect(renewed, 200, "GET /api/v1/session/csrf");
			keep(jar, renewed);
			if (!jar.containsKey("CS_SESSION") && !jar.containsKey("__Host-CS_SESSION")) {
				throw new IOException("signing in set no session cookie, only " + jar.keySet());
			}
			return header(jar);
		}

		/**
		 * Fails unless the page answers 200 to the session (not a redirect to sign in).
		 */
		static void check(HttpClient client, URI page, String cookie) throws IOException, InterruptedException {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(page).header("Cookie", cookie).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
			expect(response, 200, "GET " + page.getPath());
		}

		/**
		 * Applies a response's {@code Set-Cookie} headers to the jar as a browser would,
		 * over plain HTTP too (the JDK's cookie manager returns no Secure cookie there).
		 */
		static void keep(Map<String, String> jar, HttpResponse<?> response) {
			for (String header : response.headers().allValues("set-cookie")) {
				String[] nameValue = header.split(";", 2)[0].trim().split("=", 2);
				String value = (nameValue.length > 1) ? nameValue[1] : "";
				if (value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
					jar.remove(nameValue[0]);
				}
				else {
					jar.put(nameValue[0], value);
				}
			}
		}

		static String header(Map<String, String> jar) {
			return jar.entrySet()
				.stream()
				.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; "));
		}

		private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
			if (response.statusCode() != status) {
				throw new IOException(what + " answered " + response.statusCode() + ": "
						+ response.body().replace('\n', ' ').substring(0, Math.min(300, response.body().length())));
			}
		}

	}

}
