package io.countersign.server.access.internal.tokens;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of API tokens, {@code countersign.access.tokens.*} (README, Configuration).
 *
 * @param maxLifetime the longest an API token lives: a request without {@code expiresAt}
 * gets this, a later {@code expiresAt} is refused
 * @param recentSignIn how recent a console session's sign-in must be for its holder to
 * issue themselves a token
 * @param lastUseInterval the precision of a token's last use: it is written at most once
 * per token per interval ({@link TokenUse})
 */
@ConfigurationProperties("countersign.access.tokens")
public record TokenProperties(@DefaultValue("90d") Duration maxLifetime, @DefaultValue("10m") Duration recentSignIn,
		@DefaultValue("5m") Duration lastUseInterval) {

	public TokenProperties {
		if (maxLifetime.isNegative() || maxLifetime.isZero()) {
			throw new IllegalArgumentException("countersign.access.tokens.max-lifetime must be positive");
		}
		if (lastUseInterval.isNegative() || lastUseInterval.isZero()) {
			throw new IllegalArgumentException("countersign.access.tokens.last-use-interval must be positive");
		}
	}

}
