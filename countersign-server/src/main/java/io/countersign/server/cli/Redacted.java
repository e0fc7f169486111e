package io.countersign.server.cli;

/** Makes values safe to print: a JDBC URL may carry a password. */
final class Redacted {

	private Redacted() {
	}

	static String url(String jdbcUrl) {
		return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
	}

}
