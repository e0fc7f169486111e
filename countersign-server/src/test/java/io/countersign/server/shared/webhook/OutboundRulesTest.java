package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The address rules as a table: each address, what the default refuses it as (or that it
 * is sent to), and what the tightened and loosened settings make of it.
 */
class OutboundRulesTest {

	static final OutboundRules TIGHT = new OutboundRules(true, List.of(), List.of(Cidr.parse("203.0.113.0/24")));

	static final OutboundRules LOOPBACK_ALLOWED = new OutboundRules(false,
			List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1")), List.of());

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			127.0.0.1               | a loopback address
			127.255.255.254         | a loopback address
			::1                     | a loopback address
			::ffff:127.0.0.1        | a loopback address
			::127.0.0.1             | a loopback address
			169.254.169.254         | a link-local address (cloud metadata services answer there)
			fe80::a9fe:a9fe         | a link-local address (cloud metadata services answer there)
			febf::1                 | a link-local address (cloud metadata services answer there)
			::ffff:169.254.169.254  | a link-local address (cloud metadata services answer there)
			0.0.0.0                 | an unspecified address (the server itself)
			0.1.2.3                 | an unspecified address (the server itself)
			::                      | an unspecified address (the server itself)
			::ffff:0.0.0.0          | an unspecified address (the server itself)
			::2                     | an unspecified address (the server itself)
			224.0.0.1               | a multicast or broadcast address
			239.255.255.250         | a multicast or broadcast address
			255.255.255.255         | a multicast or broadcast address
			ff02::1                 | a multicast or broadcast address
			100.100.100.200         | a cloud metadata address
			fd00:ec2::254           | a cloud metadata address
			168.63.129.16           | a cloud metadata address
			64:ff9b::7f00:1         | a loopback address
			64:ff9b::a9fe:a9fe      | a link-local address (cloud metadata services answer there)
			2002:7f00:1::           | a loopback address
			2002:a9fe:a9fe::1       | a link-local address (cloud metadata services answer there)
			64:ff9b:1::a00:5        | an IPv6 transition address whose IPv4 host cannot be judged
			2001:0:4136:e378::1     | an IPv6 transition address whose IPv4 host cannot be judged
			64:ff9b::5db8:d822      | -
			2002:5db8:d822::1       | -
			2001:db8::1             | -
			10.1.2.3                | -
			172.16.0.1              | -
			172.31.255.255          | -
			192.168.1.1             | -
			fd12:3456::1            | -
			93.184.216.34           | -
			2606:4700::1111         | -
			126.255.255.255         | -
			128.0.0.1               | -
			169.253.255.255         | -
			fec0::1                 | -
			""")
	void theDefaultRefusesTheServersOwnNetworkAndAllowsPrivateAndPublicAddresses(String address, String refusedAs)
			throws Exception {
		assertThat(OutboundRules.DEFAULT.refusal(InetAddress.getByName(address)))
			.isEqualTo(Optional.ofNullable(refusedAs));
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', textBlock = """
			10.1.2.3         | a private address
			172.20.0.1       | a private address
			100.64.0.1       | a private address
			64:ff9b::a00:5   | a private address
			192.168.0.10     | a private address
			fd12:3456::1     | a private address
			fec0::1          | a private address
			::ffff:10.0.0.1  | a private address
			203.0.113.9      | in countersign.outbound.deny
			127.0.0.1        | a loopback address
			""")
	void denyPrivateAndDenyTightenTheDefault(String address, String refusedAs) throws Exception {
		assertThat(TIGHT.refusal(InetAddress.getByName(address))).contains(refusedAs);
	}

	@ParameterizedTest(name = "{0} allowed: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			127.0.0.1         | true
			127.0.0.53        | true
			::1               | true
			::ffff:127.0.0.1  | true
			169.254.169.254   | false
			0.0.0.0           | false
			10.0.0.1          | true
			""")
	void theAllowListOverridesTheBuiltInRangesAndNothingElse(String address, boolean allowed) throws Exception {
		assertThat(LOOPBACK_ALLOWED.refusal(InetAddress.getByName(address)).isEmpty()).isEqualTo(allowed);
	}

	@Test
	void theAllowListWinsOverTheDenyList() throws Exception {
		OutboundRules both = new OutboundRules(true, List.of(Cidr.parse("10.9.0.0/16")),
				List.of(Cidr.parse("10.0.0.0/8")));
		assertThat(both.refusal(InetAddress.getByName("10.9.1.1"))).isEmpty();
		assertThat(both.refusal(InetAddress.getByName("10.8.1.1"))).contains("in countersign.outbound.deny");
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '"', textBlock = """
			http://h.example.test/hook                 | -
			HTTPS://h.example.test/hook                | -
			/relative                                  | -
			ftp://h.example.test/hook                  | the scheme 'ftp' is not http or https
			file:///etc/passwd                         | the scheme 'file' is not http or https
			gopher://127.0.0.1:6379/_INFO              | the scheme 'gopher' is not http or https
			http://user:pw@h.example.test/             | a URL with user info (user:password@) is not sent to
			http://user@h.example.test/                | a URL with user info (user:password@) is not sent to
			http://0x7f.1/                             | '0x7f.1' is not a host name or an IP address
			http://127.1/                              | '127.1' is not a host name or an IP address
			http://a_b.example.test/                   | 'a_b.example.test' is not a host name or an IP address
			""")
	void theFormOfAUrlIsJudgedBeforeItsAddresses(String url, String refusal) {
		assertThat(OutboundRules.refusedForm(URI.create(url))).isEqualTo(Optional.ofNullable(refusal));
	}

	@ParameterizedTest(name = "{0} refused: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			2130706433      | true
			0x7f000001      | true
			0177.0.0.1      | true
			017700000001    | true
			0               | true
			127.1           | true
			0x7f.1          | true
			10.010.1.1      | true
			127.0.0.1       | false
			255.255.255.255 | false
			8.8.8.8.        | false
			1.example.test  | false
			h.example.test  | false
			""")
	void anIpv4AddressInANonStandardFormIsRefusedWhateverItResolvesTo(String host, boolean refused) {
		assertThat(OutboundRules.refusedHost(host).isPresent()).isEqualTo(refused);
	}

	@Test
	void addressBlocksAreLiteralsWithAPrefix() {
		assertThat(Cidr.parse("10.0.0.0/8").contains(addr("10.255.0.1"))).isTrue();
		assertThat(Cidr.parse("10.0.0.0/8").contains(addr("11.0.0.1"))).isFalse();
		assertThat(Cidr.parse("172.16.0.0/12").contains(addr("172.31.0.1"))).isTrue();
		assertThat(Cidr.parse("172.16.0.0/12").contains(addr("172.32.0.1"))).isFalse();
		assertThat(Cidr.parse("fe80::/10").contains(addr("febf::1"))).isTrue();
		assertThat(Cidr.parse("fe80::/10").contains(addr("fec0::1"))).isFalse();
		assertThat(Cidr.parse("0.0.0.0/0").contains(addr("::1"))).isFalse();
		assertThat(Cidr.parse(" 192.0.2.7 ")).isEqualTo(Cidr.parse("192.0.2.7/32"));
		assertThat(Cidr.parse("fc00::/7")).hasToString("fc00:0:0:0:0:0:0:0/7");
		for (String bad : List.of("localhost", "example.test/32", "10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0",
				"::ffff:127.0.0.1/128", "")) {
			assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void badSettingsStopTheServerWithTheirName() {
		assertThatThrownBy(() -> new OutboundProperties(false, List.of("localhost"), List.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("countersign.outbound: 'localhost' is not an address block");
		assertThat(new OutboundProperties(true, List.of("127.0.0.0/8", " "), List.of()).rules())
			.isEqualTo(new OutboundRules(true, List.of(Cidr.parse("127.0.0.0/8")), List.of()));
	}

	private static InetAddress addr(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
