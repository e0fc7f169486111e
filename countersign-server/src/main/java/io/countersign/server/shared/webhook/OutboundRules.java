package io.countersign.server.shared.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which destinations Countersign sends to (decision 032): http and https only, no
 * credentials in the URL, and no address of the server's own network internals —
 * loopback, link-local (where cloud metadata services answer), unspecified, multicast and
 * broadcast, the known cloud metadata addresses outside those, and IPv6 transition
 * addresses whose IPv4 host cannot be judged (the guard also refuses the server's own
 * interface addresses). Private ranges are allowed unless {@code denyPrivate};
 * {@code deny} refuses more blocks; {@code allow} admits blocks whatever else says (a
 * receiver on localhost, the tests).
 *
 * @param denyPrivate whether private ranges (RFC 1918, RFC 4193) are refused as well
 * @param allow blocks always sent to
 * @param deny blocks refused besides the built-in ones
 */
public record OutboundRules(boolean denyPrivate, List<Cidr> allow, List<Cidr> deny) {

	/** The strict default: private ranges allowed, nothing else added. */
	public static final OutboundRules DEFAULT = new OutboundRules(false, List.of(), List.of());

	// labels a resolver may read as parts of an IPv4 address (inet_aton: decimal, octal,
	// hex)
	private static final Pattern NUMERIC_LABEL = Pattern.compile("0x[0-9a-f]*|[0-9]+");

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	public OutboundRules {
		allow = List.copyOf(allow);
		deny = List.copyOf(deny);
	}

	/** The ranges refused by default, each with what it is called in a refusal. */
	enum Range {

		LOOPBACK("a loopback address", "127.0.0.0/8", "::1/128"),

		// 169.254.169.254 and fe80::a9fe:a9fe are where cloud metadata services answer
		LINK_LOCAL("a link-local address (cloud metadata services answer there)", "169.254.0.0/16", "fe80::/10"),

		// 0.0.0.0 reaches the host itself on Linux
		UNSPECIFIED("an unspecified address (the server itself)", "0.0.0.0/8", "::/128"),

		MULTICAST("a multicast or broadcast address", "224.0.0.0/4", "255.255.255.255/32", "ff00::/8"),

		// Alibaba Cloud's metadata service and AWS's over IPv6 sit outside link-local;
		// Azure's host agent (WireServer) hands out VM extension settings
		METADATA("a cloud metadata address", "100.100.100.200/32", "fd00:ec2::254/128", "168.63.129.16/32"),

		// IPv6 transition prefixes whose IPv4 host is not at a fixed place (the local-use
		// NAT64 prefix of RFC 8215) or is obscured (Teredo): the IPv4 host they reach
		// cannot be judged
		TRANSITION("an IPv6 transition address whose IPv4 host cannot be judged", "64:ff9b:1::/48", "2001::/32"),

		// 100.64.0.0/10: the shared address space of RFC 6598 (carrier NAT, cluster and
		// overlay networks)
		PRIVATE("a private address", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7",
				"fec0::/10");

		private final String description;

		private final List<Cidr> blocks;

		Range(String description, String... blocks) {
			this.description = description;
			this.blocks = Arrays.stream(blocks).map(Cidr::parse).toList();
		}

		boolean contains(InetAddress address) {
			return this.blocks.stream().anyMatch((block) -> block.contains(address));
		}

	}

	/**
	 * Why a URL is refused before any address is looked at: a scheme other than http or
	 * https, user info, or an authority that is no host name or address (such as
	 * {@code 0x7f.1}, which {@link URI} does not read as a host). A URL without scheme or
	 * authority is not refused here: it is no absolute URL, which the caller reports.
	 */
	public static Optional<String> refusedForm(URI url) {
		String scheme = url.getScheme();
		if (scheme != null && !"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
			return Optional.of("the scheme '" + scheme + "' is not http or https");
		}
		if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
			return Optional.of("a URL with user info (user:password@) is not sent to");
		}
		if (url.getRawAuthority() != null && url.getHost() == null) {
			return Optional.of("'" + url.getRawAuthority() + "' is not a host name or an IP address");
		}
		return Optional.empty();
	}

	/**
	 * Why {@code host} is refused whatever it resolves to: an IPv4 address written in a
	 * form other than four decimal numbers ({@code 2130706433}, {@code 0x7f.1},
	 * {@code 0177.0.0.1}). Resolvers disagree on these (the JDK reads {@code 0177.0.0.1}
	 * as 177.0.0.1, the C library as 127.0.0.1), so none is trusted.
	 */
	public static Optional<String> refusedHost(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		if (name.isEmpty() || DOTTED_QUAD.matcher(name).matches()) {
			return Optional.empty();
		}
		if (Arrays.stream(name.split("\\.", -1)).allMatch((label) -> NUMERIC_LABEL.matcher(label).matches())) {
			return Optional.of("the host '" + host
					+ "' is an IPv4 address in a non-standard form (decimal, octal or hex); write it as four decimal numbers");
		}
		return Optional.empty();
	}

	/**
	 * What {@code address} is when Countersign does not send to it ("a loopback
	 * address"), or empty when it may. IPv6 addresses that carry an IPv4 address
	 * (IPv4-mapped, IPv4-compatible, NAT64's well-known prefix, 6to4) are judged as that
	 * IPv4 address too.
	 */
	public Optional<String> refusal(InetAddress address) {
		if (allows(address)) {
			return Optional.empty();
		}
		InetAddress judged = embeddedIpv4(address).orElse(address);
		if (this.deny.stream().anyMatch((block) -> block.contains(judged) || block.contains(address))) {
			return Optional.of("in countersign.outbound.deny");
		}
		for (Range range : Range.values()) {
			if (range == Range.PRIVATE && !this.denyPrivate) {
				continue;
			}
			if (range.contains(judged) || range.contains(address)) {
				return Optional.of(range.description);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether {@code address} is in an {@code allow} block (as itself or the IPv4 it
	 * carries).
	 */
	public boolean allows(InetAddress address) {
		InetAddress judged = embeddedIpv4(address).orElse(address);
		return this.allow.stream().anyMatch((block) -> block.contains(judged) || block.contains(address));
	}

	// ::ffff:a.b.c.d (RFC 4291 2.5.5.2) and the deprecated ::a.b.c.d (2.5.5.1) reach the
	// IPv4 host, and so do NAT64's 64:ff9b::a.b.c.d (RFC 6052) through a translator and
	// 6to4's 2002:aabb:ccdd:: (RFC 3056) through a relay; :: and ::1 are IPv6's own
	// unspecified and loopback addresses
	private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return Optional.empty();
		}
		byte[] bytes = address.getAddress();
		if (bytes[0] == 0x20 && bytes[1] == 0x02) {
			return Optional.of(ipv4(bytes, 2));
		}
		boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b;
		for (int i = nat64 ? 4 : 0; i < (nat64 ? 12 : 10); i++) {
			if (bytes[i] != 0) {
				return Optional.empty();
			}
		}
		if (nat64) {
			return Optional.of(ipv4(bytes, 12));
		}
		boolean mapped = (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
		boolean ipv6Own = (bytes[12] | bytes[13] | bytes[14]) == 0 && (bytes[15] == 0 || bytes[15] == 1);
		boolean compatible = bytes[10] == 0 && bytes[11] == 0 && !ipv6Own;
		return (mapped || compatible) ? Optional.of(ipv4(bytes, 12)) : Optional.empty();
	}

	private static InetAddress ipv4(byte[] bytes, int from) {
		try {
			return InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("four bytes are always an IPv4 address", ex);
		}
	}

}
