package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its addresses; the JDK's resolver in service, a fixed table in
 * tests (to stand for a DNS answer that changed).
 */
@FunctionalInterface
public interface HostResolver {

	/** The resolver the JDK's HTTP client uses too. */
	HostResolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

	List<InetAddress> resolve(String host) throws UnknownHostException;

}
