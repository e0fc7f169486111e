package io.countersign.server.config;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide settings under {@code countersign.*} (the ledger's own settings,
 * {@code countersign.ledger.*}, are bound by the audit feature).
 *
 * @param dataDir where the service keeps local state: the embedded database and, when no
 * master key is configured, the generated {@code master.key}
 * @param masterKey base64 of the 32-byte master key ({@code COUNTERSIGN_MASTER_KEY});
 * blank means "generate or reuse {@code <dataDir>/master.key}"
 * @param bootstrapToken the first API token ({@code COUNTERSIGN_BOOTSTRAP_TOKEN}); blank
 * means "generate one and print it once"
 */
@ConfigurationProperties("countersign")
public record CountersignProperties(@DefaultValue("./data") Path dataDir, String masterKey, String bootstrapToken) {

	/** The configured master key, if one is set. */
	public Optional<String> configuredMasterKey() {
		return nonBlank(this.masterKey);
	}

	/** The configured bootstrap token, if one is set. */
	public Optional<String> configuredBootstrapToken() {
		return nonBlank(this.bootstrapToken);
	}

	private static Optional<String> nonBlank(String value) {
		return Optional.ofNullable(value).map(String::strip).filter((v) -> !v.isEmpty());
	}

	@Override
	public String toString() {
		// never print secrets, even when the properties end up in a log or an actuator
		// page
		return "CountersignProperties[dataDir=" + this.dataDir + ", masterKey=" + mask(this.masterKey)
				+ ", bootstrapToken=" + mask(this.bootstrapToken) + "]";
	}

	private static String mask(String value) {
		return nonBlank(value).isPresent() ? "******" : "(unset)";
	}

}
