package io.countersign.server.cli;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Verifiers someone else wrote accept our checkpoints and proofs: a Go program that uses
 * only {@code golang.org/x/mod/sumdb/note} and {@code golang.org/x/mod/sumdb/tlog}
 * ({@code interop/ledgercheck}) checks what the running server serves over HTTP.
 * Mandatory when {@code CI=true} (install {@code golang-go golang-golang-x-mod-dev});
 * skipped elsewhere when Go is missing.
 */
class GoVerifierInteropTest extends PostgresApplicationTest {

	private static final String GOPATH_SOURCE = "/usr/share/gocode";

	private static Path ledgercheck;

	@TempDir
	Path files;

	@BeforeAll
	static void buildLedgercheck(@TempDir Path build) throws Exception {
		Optional<Path> go = onPath("go");
		boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
		if (ci) {
			assertThat(go).as("CI=true needs Go: apt-get install golang-go golang-golang-x-mod-dev").isPresent();
			assertThat(Path.of(GOPATH_SOURCE, "src/golang.org/x/mod/sumdb/tlog")).as("golang-golang-x-mod-dev")
				.isDirectory();
		}
		assumeThat(go).as("go is not installed").isPresent();
		assumeThat(Path.of(GOPATH_SOURCE, "src/golang.org/x/mod/sumdb/tlog")).as("x/mod sources").isDirectory();
		ledgercheck = build.resolve("ledgercheck");
		ProcessBuilder goBuild = new ProcessBuilder(go.get().toString(), "build", "-o", ledgercheck.toString(), ".")
			.directory(source().toFile())
			.redirectErrorStream(true);
		goBuild.environment().put("GO111MODULE", "off");
		goBuild.environment().put("GOPATH", GOPATH_SOURCE + File.pathSeparator + build.resolve("gopath"));
		goBuild.environment().put("GOCACHE", build.resolve("gocache").toString());
		goBuild.environment().put("GOFLAGS", "");
		Result built = Result.of(goBuild.start(), "");
		assertThat(built.exit()).as(built.output()).isZero();
	}

	@BeforeEach
	void authenticate() {
		this.api = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	@Test
	void goVerifiesOurCheckpointInclusionAndConsistencyProofs() throws Exception {
		Served served = serveTwoCheckpoints();

		Result result = ledgercheck(served.args());

		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(result.output()).contains("checkpoint ok: countersign.local/ledger size " + served.newSize())
			.contains("inclusion ok: entry " + served.index() + " is in tree " + served.newSize())
			.contains("consistency ok: tree " + served.newSize() + " extends tree " + served.oldSize());
	}

	@Test
	void goReadsTheCheckpointFromStdin() throws Exception {
		Served served = serveTwoCheckpoints();
		String checkpoint = Files.readString(this.files.resolve("new.txt"));

		Result result = ledgercheck(List.of("-key", served.key().toString(), "-checkpoint", "-"), checkpoint);

		assertThat(result.exit()).as(result.output()).isZero();
	}

	@Test
	void goRejectsAFlippedInclusionProofByte() throws Exception {
		Served served = serveTwoCheckpoints();
		flipFirstProofByte(this.files.resolve("inclusion.json"));

		Result result = ledgercheck(served.args());

		assertThat(result.exit()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("REJECTED: inclusion of entry " + served.index());
	}

	@Test
	void goRejectsAFlippedConsistencyProofByte() throws Exception {
		Served served = serveTwoCheckpoints();
		flipFirstProofByte(this.files.resolve("consistency.json"));

		Result result = ledgercheck(served.args());

		assertThat(result.exit()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("REJECTED: consistency of tree " + served.oldSize());
	}

	@Test
	void goRejectsACheckpointWithAnotherRoot() throws Exception {
		Served served = serveTwoCheckpoints();
		Path checkpoint = this.files.resolve("new.txt");
		String[] lines = Files.readString(checkpoint).split("\n", -1);
		lines[2] = Base64.getEncoder().encodeToString(new byte[32]);
		Files.writeString(checkpoint, String.join("\n", lines));

		Result result = ledgercheck(served.args());

		assertThat(result.exit()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("REJECTED: checkpoint");
	}

	/**
	 * Appends, cuts a checkpoint, appends more, cuts another, and saves what the API
	 * serves for them into files.
	 */
	private Served serveTwoCheckpoints() throws IOException {
		append(23);
		String old = ok(this.api.post("/api/v1/ledger/checkpoint", "text/plain", "")).body();
		append(19);
		String latest = ok(this.api.post("/api/v1/ledger/checkpoint", "text/plain", "")).body();
		long oldSize = Long.parseLong(old.split("\n")[1]);
		long newSize = Long.parseLong(latest.split("\n")[1]);
		long index = oldSize - 2;
		Path key = save("key.txt", ok(this.api.get("/api/v1/ledger/key")).body());
		save("old.txt", old);
		save("new.txt", latest);
		save("entry.json", ok(this.api.get("/api/v1/ledger/entries/" + index)).body());
		save("inclusion.json",
				ok(this.api.get("/api/v1/ledger/proof/inclusion?index=" + index + "&size=" + newSize)).body());
		save("consistency.json",
				ok(this.api.get("/api/v1/ledger/proof/consistency?from=" + oldSize + "&to=" + newSize)).body());
		return new Served(this.files, key, index, oldSize, newSize);
	}

	private void append(int count) {
		for (int i = 0; i < count; i++) {
			ok(this.api.post("/api/v1/events", "application/json",
					"{\"type\":\"app.authz_change\",\"actor\":{\"id\":\"user-" + i + "\",\"type\":\"user\"},"
							+ "\"action\":\"grant\"}"));
		}
	}

	private Path save(String name, String content) throws IOException {
		return Files.writeString(this.files.resolve(name), content);
	}

	private static HttpResponse<String> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isBetween(200, 201);
		return response;
	}

	private static void flipFirstProofByte(Path proofFile) throws IOException {
		String json = Files.readString(proofFile);
		int start = json.indexOf("\"proof\":[\"") + 10;
		String hash = json.substring(start, json.indexOf('"', start));
		byte[] bytes = Base64.getDecoder().decode(hash);
		bytes[0] ^= 1;
		Files.writeString(proofFile, json.replace(hash, Base64.getEncoder().encodeToString(bytes)));
	}

	private Result ledgercheck(List<String> args) throws Exception {
		return ledgercheck(args, "");
	}

	private Result ledgercheck(List<String> args, String stdin) throws Exception {
		List<String> command = new ArrayList<>(List.of(ledgercheck.toString()));
		command.addAll(args);
		return Result.of(new ProcessBuilder(command).redirectErrorStream(true).start(), stdin);
	}

	private static Path source() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("interop/ledgercheck");
			if (Files.isRegularFile(candidate.resolve("main.go"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("interop/ledgercheck/main.go not found above " + Path.of("").toAbsolutePath());
	}

	private static Optional<Path> onPath(String program) {
		return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
			.map((dir) -> Path.of(dir, program))
			.filter(Files::isExecutable)
			.findFirst();
	}

	record Served(Path dir, Path key, long index, long oldSize, long newSize) {

		List<String> args() {
			return List.of("-key", this.key.toString(), "-checkpoint", this.dir.resolve("new.txt").toString(), "-entry",
					this.dir.resolve("entry.json").toString(), "-inclusion",
					this.dir.resolve("inclusion.json").toString(), "-old-checkpoint",
					this.dir.resolve("old.txt").toString(), "-consistency",
					this.dir.resolve("consistency.json").toString());
		}

	}

	record Result(int exit, String output) {

		static Result of(Process process, String stdin) throws Exception {
			process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
			return new Result(process.exitValue(), output);
		}

	}

}
