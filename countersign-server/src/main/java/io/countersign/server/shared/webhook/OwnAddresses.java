package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The addresses of this server's own network interfaces. A request to one of them (the
 * host's address on its LAN, a container bridge) is delivered over the loopback
 * interface, past a firewall that guards the host only from outside: so the guard refuses
 * them like loopback. Read again at most once a minute, since interfaces come and go
 * (DHCP, containers).
 */
@FunctionalInterface
public interface OwnAddresses {

	/** No address is the server's own (the tests of the rules alone). */
	OwnAddresses NONE = (address) -> false;

	boolean contains(InetAddress address);

	/** This host's interfaces, read when older than {@code fresh}. */
	static OwnAddresses ofThisHost(Duration fresh) {
		return new OwnAddresses() {

			private volatile Set<InetAddress> addresses = Set.of();

			private volatile long readAt = Long.MIN_VALUE;

			@Override
			public boolean contains(InetAddress address) {
				long now = System.nanoTime();
				if (this.readAt == Long.MIN_VALUE || now - this.readAt > fresh.toNanos()) {
					this.addresses = read();
					this.readAt = now;
				}
				return this.addresses.contains(address);
			}

			private static Set<InetAddress> read() {
				try {
					return NetworkInterface.networkInterfaces()
						.flatMap(NetworkInterface::inetAddresses)
						.collect(Collectors.toUnmodifiableSet());
				}
				catch (SocketException ex) {
					throw new IllegalStateException("cannot list this host's network interfaces", ex);
				}
			}

		};
	}

}
