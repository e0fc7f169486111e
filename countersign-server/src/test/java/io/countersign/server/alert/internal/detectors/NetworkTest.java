package io.countersign.server.alert.internal.detectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkTest {

	@Test
	void anIpv4AddressLiesInItsSlash24() {
		assertThat(Network.of("203.0.113.7")).contains("203.0.113.0/24");
		assertThat(Network.of("::ffff:203.0.113.9")).contains("203.0.113.0/24");
	}

	@Test
	void anIpv6AddressLiesInItsSlash48() {
		assertThat(Network.of("2001:db8:abcd:12::1")).contains("2001:db8:abcd::/48");
		assertThat(Network.of("2001:0db8:abcd:ffff:0:0:0:2%eth0")).contains("2001:db8:abcd::/48");
		assertThat(Network.of("0:0:0:0:0:0:0:1")).contains("0:0:0::/48");
	}

	@Test
	void whatIsNotALiteralAddressHasNoNetworkAndIsNeverLookedUp() {
		assertThat(Network.of("example.com")).isEmpty();
		assertThat(Network.of("unknown")).isEmpty();
		assertThat(Network.of("1.2.3")).isEmpty();
		assertThat(Network.of("999.1.1.1")).isEmpty();
	}

}
