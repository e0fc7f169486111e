package io.countersign.server.alert.internal.detectors;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network an address lies in, as D5 compares them: its /24 for IPv4, its /48 for IPv6
 * (an IPv4-mapped IPv6 address counts as IPv4). Only literal addresses are read; anything
 * else (a host name, garbage) has no network, and nothing is ever looked up.
 */
final class Network {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private Network() {
	}

	static Optional<String> of(String address) {
		String literal = address.strip();
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		// only literals reach InetAddress, which would resolve a name
		if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
			return Optional.empty();
		}
		byte[] bytes;
		try {
			InetAddress parsed = InetAddress.getByName(literal);
			bytes = parsed.getAddress();
			if (parsed instanceof Inet4Address) {
				return Optional.of((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24");
			}
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
		return Optional.of(String.format("%x:%x:%x::/48", group(bytes, 0), group(bytes, 2), group(bytes, 4)));
	}

	private static int group(byte[] bytes, int at) {
		return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
	}

}
