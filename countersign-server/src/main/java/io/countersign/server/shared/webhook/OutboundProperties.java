package io.countersign.server.shared.webhook;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Countersign may send webhooks, under {@code countersign.outbound}
 * (docs/operations.md, decision 032).
 *
 * @param denyPrivate refuse private addresses too (10/8, 172.16/12, 192.168/16, fc00::/7)
 * @param allow address blocks always sent to, whatever the other rules say (a receiver on
 * the same host: {@code 127.0.0.1/32})
 * @param deny address blocks refused besides the built-in ones
 */
@ConfigurationProperties("countersign.outbound")
public record OutboundProperties(@DefaultValue("false") boolean denyPrivate, @DefaultValue List<String> allow,
		@DefaultValue List<String> deny) {

	public OutboundProperties {
		allow = List.copyOf(allow);
		deny = List.copyOf(deny);
		try {
			rules(denyPrivate, allow, deny);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("countersign.outbound: " + ex.getMessage(), ex);
		}
	}

	/** The rules these settings make. */
	public OutboundRules rules() {
		return rules(this.denyPrivate, this.allow, this.deny);
	}

	private static OutboundRules rules(boolean denyPrivate, List<String> allow, List<String> deny) {
		return new OutboundRules(denyPrivate, blocks(allow), blocks(deny));
	}

	private static List<Cidr> blocks(List<String> blocks) {
		return blocks.stream().filter((block) -> !block.isBlank()).map(Cidr::parse).toList();
	}

}
