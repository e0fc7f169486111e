package io.countersign.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import io.countersign.ledger.tree.Rfc6962;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SignedNoteTest {

	private static final HexFormat HEX = HexFormat.of();

	// RFC 8032 §7.1, TEST 1.
	private static final byte[] SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

	@Test
	void derivesTheRfc8032PublicKeyAndSignatureFromTheSeed() {
		NoteSigner signer = NoteSigner.ed25519("example.com/log", SEED);
		assertThat(HEX.formatHex(signer.verifierKey().publicKey()))
			.isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
		assertThat(HEX.formatHex(Ed25519.sign(SEED, new byte[0]))).isEqualTo(
				"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
		assertThat(signer.seed()).isEqualTo(SEED);
	}

	@Test
	void computesTheKeyIdAsTheC2spSpecSays() throws Exception {
		VerifierKey key = NoteSigner.ed25519("example.com/log", SEED).verifierKey();
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		sha256.update("example.com/log".getBytes(StandardCharsets.UTF_8));
		sha256.update(new byte[] { 0x0A, 0x01 });
		sha256.update(key.publicKey());
		byte[] digest = sha256.digest();
		assertThat(String.format("%08x", key.keyId())).isEqualTo(HEX.formatHex(Arrays.copyOf(digest, 4)));
		assertThat(key.encoded()).startsWith("example.com/log+" + HEX.formatHex(Arrays.copyOf(digest, 4)) + "+Adda");
		assertThat(VerifierKey.parse(key.encoded())).isEqualTo(key);
	}

	@Test
	void verifiesTheGoSumdbNoteDocumentationExample() {
		VerifierKey key = VerifierKey.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
		SignedNote note = SignedNote.parse("If you think cryptography is the answer to your problem,\n"
				+ "then you don't know what your problem is.\n" + "\n"
				+ "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n");
		assertThat(note.verifiedBy(key)).isTrue();
	}

	@Test
	void signedNoteRoundTripsAndVerifies() {
		NoteSigner signer = NoteSigner.generate("countersign.example/ledger");
		String text = new Checkpoint("countersign.example/ledger", 7, Rfc6962.emptyRoot()).body();
		String note = signer.sign(text);
		assertThat(note).startsWith(text + "\n\u2014 countersign.example/ledger ").endsWith("\n");
		SignedNote parsed = SignedNote.parse(note);
		assertThat(parsed.text()).isEqualTo(text);
		assertThat(parsed.signatures()).hasSize(1);
		assertThat(parsed.signatures().get(0).keyId()).isEqualTo(signer.verifierKey().keyId());
		assertThat(parsed.verifiedBy(signer.verifierKey())).isTrue();
		assertThat(parsed.encoded()).isEqualTo(note);
		assertThat(Checkpoint.parse(parsed.text()).size()).isEqualTo(7);
	}

	@Test
	void tamperedTextOrAnotherKeyFailsVerification() {
		NoteSigner signer = NoteSigner.generate("log.example");
		String note = signer.sign("log.example\n7\n" + Rfc6962.emptyRoot().base64() + "\n");
		SignedNote tampered = SignedNote.parse(note.replace("\n7\n", "\n8\n"));
		assertThat(tampered.verifiedBy(signer.verifierKey())).isFalse();
		NoteSigner other = NoteSigner.generate("log.example");
		assertThat(SignedNote.parse(note).verifiedBy(other.verifierKey())).isFalse();
	}

	@Test
	void firstSignatureMatchingNameAndKeyIdDecides() {
		NoteSigner signer = NoteSigner.generate("log.example");
		String text = "hello\n";
		String good = signer.sign(text);
		String goodLine = good.substring(text.length() + 1);
		String badLine = goodLine.replaceFirst(" (....)", " AAAA");
		NoteSignature valid = SignedNote.parse(good).signatures().get(0);
		byte[] broken = valid.signature();
		broken[0] ^= 1;
		String brokenLine = new NoteSignature(valid.name(), valid.keyId(), broken).line();
		assertThat(SignedNote.parse(text + "\n" + badLine + goodLine).verifiedBy(signer.verifierKey())).isTrue();
		assertThat(SignedNote.parse(text + "\n" + brokenLine + goodLine).verifiedBy(signer.verifierKey())).isFalse();
	}

	@Test
	void rejectsMalformedNotesAndTexts() {
		NoteSigner signer = NoteSigner.generate("log.example");
		assertThatIllegalArgumentException().isThrownBy(() -> signer.sign("no newline"));
		assertThatIllegalArgumentException().isThrownBy(() -> signer.sign("tab\there\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> SignedNote.parse("text\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> SignedNote.parse("text\n\n- log.example AAAAAAA=\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> SignedNote.parse("text\n\n\u2014 log.example !!!\n"));
		String line = signer.sign("x\n").substring(3);
		assertThatIllegalArgumentException().isThrownBy(() -> SignedNote.parse("x\n\n" + line.repeat(101)));
		assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.generate("bad name"));
		assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.generate("bad+name"));
	}

	@Test
	void rejectsVerifierKeysWithAWrongKeyIdOrType() {
		String encoded = NoteSigner.generate("log.example").verifierKey().encoded();
		String[] parts = encoded.split("\\+", 3);
		assertThatIllegalArgumentException().isThrownBy(() -> VerifierKey.parse(parts[0] + "+00000000+" + parts[2]));
		assertThatIllegalArgumentException().isThrownBy(() -> VerifierKey.parse("other+" + parts[1] + "+" + parts[2]));
		assertThatIllegalArgumentException().isThrownBy(() -> VerifierKey.parse(parts[0] + "+" + parts[1] + "+AAAA"));
	}

	@Test
	void checkpointBodyFollowsTlogCheckpoint() {
		Checkpoint checkpoint = new Checkpoint("log.example", 42, Rfc6962.emptyRoot());
		assertThat(checkpoint.body()).isEqualTo("log.example\n42\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
		assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
		assertThat(Checkpoint.parse(checkpoint.body() + "extension line\n")).isEqualTo(checkpoint);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Checkpoint.parse("log.example\n042\n" + Rfc6962.emptyRoot().base64() + "\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> Checkpoint.parse("log.example\n42\nAAAA\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> Checkpoint.parse("log.example\n42\n"));
	}

}
