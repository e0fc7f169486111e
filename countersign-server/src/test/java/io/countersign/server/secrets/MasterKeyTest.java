package io.countersign.server.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyTest {

	private static final String CONFIGURED = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@TempDir
	Path dataDir;

	@Test
	void configuredKeyIsUsedAndNoFileIsWritten() {
		MasterKey key = MasterKey.resolve(this.dataDir, Optional.of(CONFIGURED));

		assertThat(key.sameAs(MasterKey.fromBase64(CONFIGURED))).isTrue();
		assertThat(this.dataDir.resolve(MasterKey.FILE_NAME)).doesNotExist();
	}

	@Test
	void withoutConfiguredKeyOneIsGeneratedIntoOwnerOnlyFileAndReused() throws IOException {
		Path nested = this.dataDir.resolve("not-yet-created");

		MasterKey first = MasterKey.resolve(nested, Optional.empty());
		MasterKey second = MasterKey.resolve(nested, Optional.of("  "));

		assertThat(first.sameAs(second)).isTrue();
		Path file = nested.resolve(MasterKey.FILE_NAME);
		assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
		if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		}
	}

	@Test
	void secretsSealedWithGeneratedKeyOpenAfterRestart() {
		byte[] sealed = new SecretSealer(MasterKey.resolve(this.dataDir, Optional.empty())).seal(new byte[] { 7 }, "c");

		assertThat(new SecretSealer(MasterKey.resolve(this.dataDir, Optional.empty())).unseal(sealed, "c"))
			.containsExactly(7);
	}

	@Test
	void malformedConfiguredKeyIsRejectedWithoutEchoingIt() {
		String tooShort = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));

		assertThatThrownBy(() -> MasterKey.resolve(this.dataDir, Optional.of(tooShort)))
			.isInstanceOf(MasterKey.InvalidMasterKeyException.class)
			.hasMessageContaining("COUNTERSIGN_MASTER_KEY")
			.hasMessageContaining("got 16")
			.hasMessageNotContaining(tooShort);
		assertThatThrownBy(() -> MasterKey.resolve(this.dataDir, Optional.of("not base64 at all!")))
			.isInstanceOf(MasterKey.InvalidMasterKeyException.class)
			.hasMessageContaining("base64");
	}

	@Test
	void malformedKeyFileIsRejected() throws IOException {
		Files.writeString(this.dataDir.resolve(MasterKey.FILE_NAME), "garbage");

		assertThatThrownBy(() -> MasterKey.resolve(this.dataDir, Optional.empty()))
			.isInstanceOf(MasterKey.InvalidMasterKeyException.class)
			.hasMessageContaining(MasterKey.FILE_NAME);
	}

	@Test
	void toStringNeverShowsTheKey() {
		assertThat(MasterKey.fromBase64(CONFIGURED).toString()).doesNotContain(CONFIGURED).contains("***");
	}

}
