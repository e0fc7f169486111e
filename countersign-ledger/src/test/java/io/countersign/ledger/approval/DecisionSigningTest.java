// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DecisionSigningTest {

	private static final ApprovalRequestId REQUEST = ApprovalRequestId.of("01936f7a-3c5e-7d1a-9b2c-4e5f60718293");

	private static final RequestContent CONTENT = new RequestContent("secret.rotate",
			Map.of("secret", "db-primary", "keepOld", true, "graceSeconds", 300L), Optional.of("- old\n+ new"),
			"Quarterly rotation of the primary database secret", PersonId.of("ivan"),
			new PolicyVersion("secret.rotate", 3));

	// RFC 8032 §7.1 TEST 1's public key, and TEST 2's, as SPKI (RFC 8410 §4)
	private static final byte[] RFC_8032_SPKI = HexFormat.of()
		.parseHex("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

	private static final byte[] OTHER_SPKI = HexFormat.of()
		.parseHex("302a300506032b65700321003d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

	@TempDir
	Path directory;

	@Test
	void theDigestIsSha256OfTheCanonicalJsonOfTheRequest() throws Exception {
		String canonical = "{\"actionType\":\"secret.rotate\",\"diff\":\"- old\\n+ new\",\"initiator\":\"ivan\","
				+ "\"justification\":\"Quarterly rotation of the primary database secret\","
				+ "\"parameters\":{\"graceSeconds\":300,\"keepOld\":true,\"secret\":\"db-primary\"},"
				+ "\"policy\":{\"actionType\":\"secret.rotate\",\"version\":3}}";
		byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
		RequestDigest digest = RequestDigest.of(CONTENT);
		assertThat(digest.hex()).isEqualTo(HexFormat.of().formatHex(sha256));
		assertThat(digest).hasToString(digest.hex());
		assertThat(RequestDigest.ofJson(Json.parse(canonical))).isEqualTo(digest);
		assertThat(RequestDigest.fromHex(digest.hex())).isEqualTo(digest);
		// one spelling only: lower case, 64 digits
		assertThatIllegalArgumentException().isThrownBy(() -> RequestDigest.fromHex(digest.hex().toUpperCase()));
		assertThatIllegalArgumentException().isThrownBy(() -> RequestDigest.fromHex(digest.hex() + "00"));
	}

	@Test
	void noDiffIsNullAndDiffersFromAnEmptyDiff() {
		RequestContent none = with(CONTENT, Optional.empty());
		assertThat(none.toJson()).containsEntry("diff", null);
		assertThat(RequestDigest.of(none)).isNotEqualTo(RequestDigest.of(with(CONTENT, Optional.of(""))));
	}

	@Test
	void aRequestNamesItsActionType() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RequestContent(" ", Map.of(), Optional.empty(),
				"justification", PersonId.of("ivan"), CONTENT.policy()));
	}

	@Test
	void everyPartOfTheRequestChangesTheDigest() {
		RequestDigest digest = RequestDigest.of(CONTENT);
		Map<String, Object> parameters = new LinkedHashMap<>(CONTENT.parameters());
		parameters.put("graceSeconds", 301L);
		List<RequestContent> others = List.of(
				new RequestContent("secret.revoke", CONTENT.parameters(), CONTENT.diff(), CONTENT.justification(),
						CONTENT.initiator(), CONTENT.policy()),
				new RequestContent(CONTENT.actionType(), parameters, CONTENT.diff(), CONTENT.justification(),
						CONTENT.initiator(), CONTENT.policy()),
				with(CONTENT, Optional.of("- old\n+ newer")),
				new RequestContent(CONTENT.actionType(), CONTENT.parameters(), CONTENT.diff(),
						CONTENT.justification() + ".", CONTENT.initiator(), CONTENT.policy()),
				new RequestContent(CONTENT.actionType(), CONTENT.parameters(), CONTENT.diff(), CONTENT.justification(),
						PersonId.of("mallory"), CONTENT.policy()),
				new RequestContent(CONTENT.actionType(), CONTENT.parameters(), CONTENT.diff(), CONTENT.justification(),
						CONTENT.initiator(), new PolicyVersion("secret.rotate", 4)),
				new RequestContent(CONTENT.actionType(), CONTENT.parameters(), CONTENT.diff(), CONTENT.justification(),
						CONTENT.initiator(), new PolicyVersion("policy.change", 3)));
		for (RequestContent other : others) {
			assertThat(RequestDigest.of(other)).as("%s", other).isNotEqualTo(digest);
		}
	}

	@Test
	void theSigningMessageIsTheseLines() {
		RequestDigest digest = RequestDigest.of(CONTENT);
		SigningMessage message = new SigningMessage(REQUEST, 2, Verdict.APPROVE, "Rotation window agreed with on-call",
				digest);
		String expected = """
				countersign/approval-decision/v1
				request: 01936f7a-3c5e-7d1a-9b2c-4e5f60718293
				revision: 2
				decision: approve
				digest: %s
				reason: Rotation window agreed with on-call
				""".formatted(digest.hex());
		assertThat(message.text()).isEqualTo(expected);
		assertThat(message).hasToString(expected);
		assertThat(message.bytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
		assertThat(new SigningMessage(REQUEST, 1, Verdict.REJECT, "Zu früh – nach dem Freeze 🙂", digest).bytes())
			.isEqualTo(("countersign/approval-decision/v1\nrequest: 01936f7a-3c5e-7d1a-9b2c-4e5f60718293\nrevision: 1\n"
					+ "decision: reject\ndigest: " + digest.hex() + "\nreason: Zu früh – nach dem Freeze 🙂\n")
				.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aReasonIsOneLineOfValidText() {
		RequestDigest digest = RequestDigest.of(CONTENT);
		for (String reason : List.of("", "  ", "ok\nrevision: 3", "ok\r", "tab\there", "nul\0", "del\u007f",
				"line\u2028separator", "para\u2029graph", "lone \ud800 high", "lone \udc00 low", "ends high \ud83d")) {
			assertThatIllegalArgumentException().as("reason %s", reason)
				.isThrownBy(() -> new SigningMessage(REQUEST, 1, Verdict.APPROVE, reason, digest));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SigningMessage(REQUEST, 0, Verdict.APPROVE, "fine", digest));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SigningMessage(REQUEST, 1, Verdict.APPROVE, "two\nlines", digest))
			.withMessage("a reason is one line without control characters (found U+000A at 4)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SigningMessage(REQUEST, 1, Verdict.APPROVE, "ab\ud800", digest))
			.withMessage("a reason is valid Unicode (a lone surrogate at 3)");
		assertThat(new SigningMessage(REQUEST, 1, Verdict.APPROVE, "x", digest).reason()).isEqualTo("x");
		assertThat(new SigningMessage(REQUEST, 1, Verdict.APPROVE, " a \ud83d\ude42 b ", digest).reason())
			.isEqualTo(" a \ud83d\ude42 b ");
	}

	@Test
	void aSignatureBindsRequestRevisionDecisionReasonDigestAndKey() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		ApproverKey key = ApproverKey.fromSpki(pair.getPublic().getEncoded());
		RequestDigest digest = RequestDigest.of(CONTENT);
		SigningMessage message = new SigningMessage(REQUEST, 2, Verdict.APPROVE, "looks right", digest);
		DecisionSignature signature = sign(pair.getPrivate(), message.bytes());
		assertThat(key.verifies(message, signature)).isTrue();
		List<SigningMessage> others = List.of(
				new SigningMessage(ApprovalRequestId.of("01936f7a-3c5e-7d1a-9b2c-4e5f60718294"), 2, Verdict.APPROVE,
						"looks right", digest),
				new SigningMessage(REQUEST, 1, Verdict.APPROVE, "looks right", digest),
				new SigningMessage(REQUEST, 3, Verdict.APPROVE, "looks right", digest),
				new SigningMessage(REQUEST, 2, Verdict.REJECT, "looks right", digest),
				new SigningMessage(REQUEST, 2, Verdict.APPROVE, "looks right.", digest),
				new SigningMessage(REQUEST, 2, Verdict.APPROVE, "looks right",
						RequestDigest.of(new RequestContent(CONTENT.actionType(), CONTENT.parameters(), CONTENT.diff(),
								CONTENT.justification(), CONTENT.initiator(), new PolicyVersion("secret.rotate", 4)))));
		for (SigningMessage other : others) {
			assertThat(key.verifies(other, signature)).as("%s", other).isFalse();
		}
		ApproverKey otherKey = ApproverKey
			.fromSpki(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
		assertThat(otherKey.verifies(message, signature)).isFalse();
		byte[] flipped = signature.bytes();
		flipped[17] ^= 0x04;
		assertThat(key.verifies(message, new DecisionSignature(flipped))).isFalse();
		// S out of range (RFC 8032 §5.1.7): the JDK throws; a wrong signature all the
		// same
		byte[] outOfRange = new byte[DecisionSignature.SIZE];
		Arrays.fill(outOfRange, (byte) 0xFF);
		assertThat(key.verifies(message, new DecisionSignature(outOfRange))).isFalse();
	}

	@Test
	void anOpensslMadeKeyAndSignatureAreAccepted() throws Exception {
		Openssl openssl = Openssl.in(this.directory);
		openssl.run("genpkey", "-algorithm", "ed25519", "-out", "alice.pem");
		openssl.run("pkey", "-in", "alice.pem", "-pubout", "-out", "alice.pub.pem");
		ApproverKey key = ApproverKey.fromPem(Files.readString(this.directory.resolve("alice.pub.pem")));
		SigningMessage message = new SigningMessage(REQUEST, 1, Verdict.APPROVE, "Checked the diff – fine",
				RequestDigest.of(CONTENT));
		Files.write(this.directory.resolve("message.txt"), message.bytes());
		openssl.run("pkeyutl", "-sign", "-rawin", "-inkey", "alice.pem", "-in", "message.txt", "-out", "sig.bin");
		// the approver sends it base64-encoded
		DecisionSignature signature = DecisionSignature
			.fromBase64(Base64.getEncoder().encodeToString(Files.readAllBytes(this.directory.resolve("sig.bin"))));
		assertThat(key.verifies(message, signature)).isTrue();
		assertThat(key.verifies(
				new SigningMessage(REQUEST, 2, Verdict.APPROVE, "Checked the diff – fine", RequestDigest.of(CONTENT)),
				signature))
			.isFalse();
		openssl.run("pkey", "-pubin", "-in", "alice.pub.pem", "-outform", "DER", "-out", "alice.pub.der");
		assertThat(openssl.run("dgst", "-sha256", "-r", "alice.pub.der")).startsWith(key.fingerprint() + " ");
		assertThat(key.pem()).isEqualTo(Files.readString(this.directory.resolve("alice.pub.pem")));
	}

	@Test
	void anAuditorChecksADecisionWithOpensslAlone() throws Exception {
		Openssl openssl = Openssl.in(this.directory);
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		ApproverKey key = ApproverKey.fromSpki(pair.getPublic().getEncoded());
		SigningMessage message = new SigningMessage(REQUEST, 1, Verdict.REJECT, "Not during the freeze",
				RequestDigest.of(CONTENT));
		Files.writeString(this.directory.resolve("bob.pub.pem"), key.pem());
		Files.write(this.directory.resolve("message.txt"), message.bytes());
		Files.write(this.directory.resolve("sig.bin"), sign(pair.getPrivate(), message.bytes()).bytes());
		assertThat(openssl.run("pkeyutl", "-verify", "-pubin", "-inkey", "bob.pub.pem", "-rawin", "-in", "message.txt",
				"-sigfile", "sig.bin"))
			.contains("Signature Verified Successfully");
		Files.write(this.directory.resolve("message.txt"),
				message.text().replace("reject", "approve").getBytes(StandardCharsets.UTF_8));
		assertThat(openssl
			.exec("pkeyutl", "-verify", "-pubin", "-inkey", "bob.pub.pem", "-rawin", "-in", "message.txt", "-sigfile",
					"sig.bin")
			.exitCode()).isNotZero();
	}

	@Test
	void onlyEd25519PublicKeysInSpkiAreAccepted() throws Exception {
		KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
		String ecPem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(ec.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
		assertThatIllegalArgumentException().isThrownBy(() -> ApproverKey.fromPem(ecPem));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApproverKey.fromPem("MCowBQYDK2VwAyEA2d7eCmOaeXsSgF8j2E5znrSKivs1GHol0cg+8t1iRTQ="));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApproverKey.fromPem("-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----"));
		assertThatIllegalArgumentException().isThrownBy(() -> ApproverKey
			.fromPem("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----"));
		byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
		byte[] longer = Arrays.copyOf(spki, spki.length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> ApproverKey.fromSpki(longer));
		ApproverKey key = ApproverKey.fromSpki(spki);
		assertThat(ApproverKey.fromPem(key.pem())).isEqualTo(key).hasSameHashCodeAs(key);
		ApproverKey rfc8032 = ApproverKey.fromSpki(RFC_8032_SPKI);
		ApproverKey other = ApproverKey.fromSpki(OTHER_SPKI);
		assertThat(rfc8032).isNotEqualTo(other).isNotEqualTo(RFC_8032_SPKI);
		assertThat(rfc8032.hashCode()).isNotEqualTo(other.hashCode());
		// a PEM whose first or last line is another kind of block
		String body = Base64.getEncoder().encodeToString(RFC_8032_SPKI);
		assertThatIllegalArgumentException().isThrownBy(
				() -> ApproverKey.fromPem("-----BEGIN SECRET KEY-----\n" + body + "\n-----END PUBLIC KEY-----"));
		assertThatIllegalArgumentException().isThrownBy(
				() -> ApproverKey.fromPem("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END SECRET KEY-----"));
		assertThat(ApproverKey.fromPem("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----"))
			.isEqualTo(rfc8032);
		assertThat(ApproverKey.fromPem("  " + key.pem().replace("\n", "\r\n") + "\n")).isEqualTo(key);
		assertThat(key.spki()).isEqualTo(spki);
		assertThat(key.fingerprint())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
		assertThat(key).hasToString("Ed25519 key " + key.fingerprint());
	}

	@Test
	void signaturesAreSixtyFourBytesOfBase64() {
		assertThatIllegalArgumentException().isThrownBy(() -> DecisionSignature.fromBase64("AAAA"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DecisionSignature.fromBase64(Base64.getEncoder().encodeToString(new byte[65])));
		assertThatIllegalArgumentException().isThrownBy(() -> DecisionSignature.fromBase64("@@@"));
		DecisionSignature signature = DecisionSignature.fromBase64(Base64.getEncoder().encodeToString(new byte[64]));
		byte[] ones = new byte[64];
		Arrays.fill(ones, (byte) 1);
		DecisionSignature other = new DecisionSignature(ones);
		assertThat(signature).isNotEqualTo(other).isNotEqualTo(new byte[64]);
		assertThat(signature.hashCode()).isNotEqualTo(other.hashCode());
		assertThat(DecisionSignature.fromBase64(signature.base64())).isEqualTo(signature)
			.hasSameHashCodeAs(signature)
			.hasToString(signature.base64());
	}

	@Test
	void verdictsAreSpelledAsTheApiSpellsThem() {
		assertThat(Verdict.fromWireName("approve")).isEqualTo(Verdict.APPROVE);
		assertThat(Verdict.fromWireName("reject")).isEqualTo(Verdict.REJECT);
		assertThatIllegalArgumentException().isThrownBy(() -> Verdict.fromWireName("APPROVE"));
	}

	private static DecisionSignature sign(PrivateKey key, byte[] message) throws Exception {
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(key);
		signer.update(message);
		return new DecisionSignature(signer.sign());
	}

	private static RequestContent with(RequestContent content, Optional<String> diff) {
		return new RequestContent(content.actionType(), content.parameters(), diff, content.justification(),
				content.initiator(), content.policy());
	}

}
