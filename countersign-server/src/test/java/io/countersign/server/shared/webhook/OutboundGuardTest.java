package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The guard with a DNS of its own: what a URL is judged by when saved and before each
 * request, including a name whose answer changes in between (DNS rebinding).
 */
class OutboundGuardTest {

	// a DNS server the test controls: a name's answer is whatever the map holds now
	final Map<String, List<InetAddress>> dns = new java.util.concurrent.ConcurrentHashMap<>();

	final List<String> asked = new ArrayList<>();

	final HostResolver resolver = (host) -> {
		this.asked.add(host);
		if (this.dns.containsKey(host)) {
			return this.dns.get(host);
		}
		// literals resolve as the JDK reads them, names only from the map
		if (host.chars().allMatch((c) -> Character.isDigit(c) || c == '.')) {
			return List.of(InetAddress.getAllByName(host));
		}
		throw new UnknownHostException(host);
	};

	final OutboundGuard guard = new OutboundGuard(OutboundRules.DEFAULT, this.resolver, OwnAddresses.NONE);

	@Test
	void everyAttackUrlIsRefusedAtSaveWithTheStableCode() {
		this.dns.put("metadata.google.internal", List.of(address("169.254.169.254")));
		this.dns.put("mixed.example.test", List.of(address("93.184.216.34"), address("127.0.0.1")));
		Map<String, String> attacks = Map.ofEntries(Map.entry("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
				Map.entry("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
				Map.entry("http://[::1]/", "0:0:0:0:0:0:0:1 is a loopback address"),
				Map.entry("http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address"),
				Map.entry("http://[fe80::1%25eth0]/", "with a zone"),
				Map.entry("http://2130706433/", "the host '2130706433' resolves to 127.0.0.1, which is a loopback"),
				Map.entry("http://0x7f.1/", "'0x7f.1' is not a host name"),
				Map.entry("http://0/", "the host '0' resolves to 0.0.0.0, which is an unspecified address"),
				Map.entry("http://0177.0.0.1/", "non-standard form"),
				Map.entry("ftp://h.example.test/", "the scheme 'ftp'"),
				Map.entry("http://user:pw@h.example.test/", "user info"),
				Map.entry("http://metadata.google.internal/computeMetadata/v1/",
						"the host 'metadata.google.internal' resolves to 169.254.169.254"),
				Map.entry("http://mixed.example.test/", "resolves to 127.0.0.1"));
		attacks.forEach((url, reason) -> {
			CountersignException refused = catchThrowableOfType(CountersignException.class,
					() -> this.guard.checkBeforeSaving(URI.create(url)));
			assertThat(refused).as(url).isNotNull();
			assertThat(refused.code()).isEqualTo(ErrorCode.ERR_OUTBOUND_URL_REFUSED);
			assertThat(refused.getMessage()).as(url).contains(reason).contains("countersign.outbound");
		});
	}

	@Test
	void privatePublicAndNotYetResolvableHostsAreSaved() {
		this.dns.put("hooks.internal.test", List.of(address("10.1.2.3")));
		this.guard.checkBeforeSaving(URI.create("http://10.1.2.3/"));
		this.guard.checkBeforeSaving(URI.create("https://hooks.internal.test/countersign"));
		this.guard.checkBeforeSaving(URI.create("https://[fd12::1]:8443/"));
		this.guard.checkBeforeSaving(URI.create("https://not-yet.example.test/"));
		assertThat(this.guard.checkBeforeSending(URI.create("https://not-yet.example.test/")))
			.isInstanceOf(OutboundCheck.Unresolved.class);
	}

	@Test
	void aNameThatResolvesElsewhereSinceItWasSavedIsRefusedBeforeTheRequest() {
		URI url = URI.create("https://hooks.example.test/countersign");
		this.dns.put("hooks.example.test", List.of(address("93.184.216.34")));
		this.guard.checkBeforeSaving(url);
		assertThat(this.guard.checkBeforeSending(url))
			.isEqualTo(new OutboundCheck.Allowed(List.of(address("93.184.216.34"))));

		this.dns.put("hooks.example.test", List.of(address("127.0.0.1")));
		assertThat(this.guard.checkBeforeSending(url)).isEqualTo(new OutboundCheck.Refused(
				"the host 'hooks.example.test' resolves to 127.0.0.1, which is a loopback address"));
		assertThat(this.asked).containsExactly("hooks.example.test", "hooks.example.test", "hooks.example.test");
	}

	@Test
	void theAllowListLetsLoopbackThrough() {
		OutboundGuard loose = new OutboundGuard(
				new OutboundProperties(false, List.of("127.0.0.0/8", "::1/128"), List.of()).rules(), this.resolver,
				OwnAddresses.NONE);
		this.dns.put("localhost", List.of(address("127.0.0.1"), address("::1")));
		loose.checkBeforeSaving(URI.create("http://127.0.0.1:8081/hook"));
		loose.checkBeforeSaving(URI.create("http://[::1]:8081/hook"));
		assertThat(loose.checkBeforeSending(URI.create("http://localhost:8081/hook")))
			.isInstanceOf(OutboundCheck.Allowed.class);
		assertThatThrownBy(() -> loose.checkBeforeSaving(URI.create("http://169.254.169.254/")))
			.isInstanceOf(CountersignException.class);
	}

	@Test
	void theServersOwnInterfaceAddressesAreRefusedUnlessAllowed() {
		// a public-looking address standing for this host's own (on its LAN, a bridge):
		// delivered over loopback, past a firewall that guards the host from outside
		InetAddress mine = address("198.51.100.7");
		OwnAddresses own = (address) -> address.equals(mine);
		this.dns.put("myself.example.test", List.of(mine));
		OutboundGuard guard = new OutboundGuard(OutboundRules.DEFAULT, this.resolver, own);
		assertThat(guard.checkBeforeSending(URI.create("http://198.51.100.7:8081/actuator")))
			.isEqualTo(new OutboundCheck.Refused("198.51.100.7 is an address of this server"));
		assertThat(guard.checkBeforeSending(URI.create("http://myself.example.test/")))
			.isEqualTo(new OutboundCheck.Refused(
					"the host 'myself.example.test' resolves to 198.51.100.7, which is an address of this server"));
		assertThat(guard.checkBeforeSending(URI.create("http://198.51.100.8/")))
			.isInstanceOf(OutboundCheck.Allowed.class);
		OutboundGuard allowing = new OutboundGuard(
				new OutboundProperties(false, List.of("198.51.100.7/32"), List.of()).rules(), this.resolver, own);
		assertThat(allowing.checkBeforeSending(URI.create("http://198.51.100.7:8081/hook")))
			.isInstanceOf(OutboundCheck.Allowed.class);
	}

	@Test
	void thisHostsInterfacesIncludeItsLoopback() {
		OwnAddresses host = OwnAddresses.ofThisHost(java.time.Duration.ofMinutes(1));
		assertThat(host.contains(address("127.0.0.1"))).isTrue();
		assertThat(host.contains(address("192.0.2.1"))).isFalse();
	}

	@Test
	void theFormAloneIsCheckedWithoutResolving() {
		OutboundGuard.checkForm(URI.create("https://h.example.test/"));
		assertThatThrownBy(() -> OutboundGuard.checkForm(URI.create("gopher://h.example.test/")))
			.isInstanceOf(CountersignException.class)
			.hasMessageContaining("gopher");
		assertThat(this.asked).isEmpty();
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
