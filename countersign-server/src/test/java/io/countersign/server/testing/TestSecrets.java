package io.countersign.server.testing;

/**
 * Fixed secrets for tests that start the application; never valid anywhere else.
 */
public final class TestSecrets {

	/** Base64 of the 32 bytes 0x00..0x1f. */
	public static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	/** A bootstrap token of the minimum accepted length and more. */
	public static final String BOOTSTRAP_TOKEN = "cs_test_bootstrap_token_0123456789abcdef";

	private TestSecrets() {
	}

}
