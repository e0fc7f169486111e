package io.countersign.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench compliance-report}: a signed report of a 90-day period on a large ledger,
 * from the request to the finished file, through the API of an in-process server. Issue
 * 18 asks for under 30 s on 10,000,000 entries. The bench works on a copy of the filled
 * ledger database, because the report's migration (V17) must not land in a database other
 * branches' servers share.
 */
@Command(name = "compliance-report", mixinStandardHelpOptions = true,
		description = "A signed compliance report of a 90-day period on a large ledger (request to download).")
final class ComplianceReportBench implements Callable<Integer> {

	static final Duration TARGET = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_10m_reports",
			description = "PostgreSQL database to measure on (default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--template", defaultValue = "countersign_bench_10m",
			description = "Filled bench database to copy when --db does not exist (default: ${DEFAULT-VALUE}).")
	private String template;

	@Option(names = "--days", defaultValue = "90", description = "The period in days (default: ${DEFAULT-VALUE}).")
	private int days;

	@Option(names = "--formats", defaultValue = "json,pdf,oscal", split = ",",
			description = "Formats to generate, one report each (default: ${DEFAULT-VALUE}).")
	private List<String> formats;

	@Option(names = "--state-dir", defaultValue = "${sys:user.home}/.countersign-bench",
			description = "Where the bench databases' secrets are kept (default: ${DEFAULT-VALUE}).")
	private Path stateDir;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		BenchDatabase database = BenchDatabase.of(this.db);
		Path secretsFile = this.stateDir.resolve(database.name() + ".secrets");
		if (!database.exists()) {
			out.printf("copying %s to %s (CREATE DATABASE ... TEMPLATE) ...%n", this.template, database.name());
			out.flush();
			database.copyIfAbsent(this.template);
			Files.copy(this.stateDir.resolve(this.template + ".secrets"), secretsFile,
					StandardCopyOption.REPLACE_EXISTING);
		}
		out.println(Machine.describe(database));
		ServerSecrets secrets = ServerSecrets.load(secretsFile)
			.orElseThrow(() -> new IllegalStateException("no secrets for " + database.name() + " in " + secretsFile));
		out.printf("ledger: %,d entries%n", database.ledgerSize());
		allVisible(database, out);
		boolean pass = true;
		List<String> lines = new ArrayList<>();
		try (InProcessServer server = InProcessServer.start(database, secrets)) {
			HttpClient http = HttpClient.newHttpClient();
			URI base = URI.create("http://127.0.0.1:" + server.port());
			// the real catalog's framework, as its real checks decide it now (not timed:
			// bench compliance times the checks)
			String framework = "soc2";
			HttpResponse<String> evaluated = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/compliance/checks"))
				.header("Authorization", "Bearer " + secrets.token())
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			if (evaluated.statusCode() != 200) {
				throw new IllegalStateException(
						"POST /api/v1/compliance/checks: " + evaluated.statusCode() + " " + evaluated.body());
			}
			LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
			for (String format : this.formats) {
				String body = "{\"framework\":\"" + framework + "\",\"from\":\"" + today.minusDays(this.days)
						+ "\",\"to\":\"" + today + "\",\"format\":\"" + format + "\"}";
				long start = System.nanoTime();
				HttpResponse<String> accepted = http
					.send(HttpRequest.newBuilder(base.resolve("/api/v1/compliance/reports"))
						.header("Authorization", "Bearer " + secrets.token())
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (accepted.statusCode() != 202) {
					throw new IllegalStateException(
							"POST /api/v1/compliance/reports: " + accepted.statusCode() + " " + accepted.body());
				}
				String id = JSON.readTree(accepted.body()).get("id").asString();
				JsonNode job;
				String stage = "";
				do {
					Thread.sleep(100);
					job = JSON
						.readTree(http.send(HttpRequest.newBuilder(base.resolve("/api/v1/compliance/reports/" + id))
							.header("Authorization", "Bearer " + secrets.token())
							.build(), HttpResponse.BodyHandlers.ofString()).body());
					if (!job.get("stage").asString().equals(stage)) {
						stage = job.get("stage").asString();
						out.printf("    %6.1f s  %3d%%  %s%n", (System.nanoTime() - start) / 1e9,
								job.get("progress").asInt(), stage);
						out.flush();
					}
				}
				while (!"ready".equals(job.get("state").asString()) && !"failed".equals(job.get("state").asString()));
				if ("failed".equals(job.get("state").asString())) {
					throw new IllegalStateException("report " + id + " failed: " + job.get("error"));
				}
				byte[] file = http
					.send(HttpRequest.newBuilder(base.resolve("/api/v1/compliance/reports/" + id + "/download"))
						.header("Authorization", "Bearer " + secrets.token())
						.build(), HttpResponse.BodyHandlers.ofByteArray())
					.body();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				boolean met = took.compareTo(TARGET) < 0;
				pass &= met;
				lines.add(String.format("%-6s report, %d days, %,d bytes: %.1f s (target < %d s) %s", format, this.days,
						file.length, took.toMillis() / 1000.0, TARGET.toSeconds(), met ? "PASS" : "FAIL"));
			}
		}
		out.println();
		lines.forEach(out::println);
		out.println(pass ? "PASS" : "FAIL");
		return pass ? 0 : 1;
	}

	/**
	 * Autovacuum marks an append-only table's pages all-visible after enough inserts; the
	 * counts by type then read the index alone. This server has autovacuum off, so the
	 * bench does what autovacuum would have done, and says so.
	 */
	private static void allVisible(BenchDatabase database, PrintWriter out) throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			long pages;
			long visible;
			try (ResultSet rows = statement.executeQuery("SELECT pg_relation_size('ledger_entry') / "
					+ "current_setting('block_size')::bigint, relallvisible FROM pg_class WHERE relname = 'ledger_entry'")) {
				rows.next();
				pages = rows.getLong(1);
				visible = rows.getLong(2);
			}
			if (visible < pages * 0.95) {
				out.printf("VACUUM (ANALYZE) ledger_entry: %,d of %,d pages marked all-visible (autovacuum is %s)%n",
						visible, pages, setting(statement, "autovacuum"));
				out.flush();
				long start = System.nanoTime();
				statement.execute("VACUUM (ANALYZE) ledger_entry");
				out.printf("  done in %.0f s (not part of the report's time)%n", (System.nanoTime() - start) / 1e9);
			}
		}
	}

	private static String setting(Statement statement, String name) throws Exception {
		try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
