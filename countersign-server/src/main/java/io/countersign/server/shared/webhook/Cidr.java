package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A block of IP addresses written as {@code address/prefix} (RFC 4632 for IPv4, RFC 4291
 * section 2.3 for IPv6); a bare address is a block of one.
 *
 * @param network the first address of the block, as bytes (4 or 16)
 * @param prefix how many leading bits every address of the block shares with it
 */
public record Cidr(byte[] network, int prefix) {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	public Cidr {
		network = network.clone();
		if ((network.length != 4 && network.length != 16) || prefix < 0 || prefix > network.length * 8) {
			throw new IllegalArgumentException("a block is 4 or 16 bytes with a prefix up to their bits");
		}
	}

	/**
	 * Reads {@code 10.0.0.0/8}, {@code ::1/128} or a bare address; only literal
	 * addresses, so reading a setting never asks DNS.
	 */
	public static Cidr parse(String text) {
		String trimmed = text.strip();
		int slash = trimmed.indexOf('/');
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (!IPV4.matcher(address).matches() && !address.contains(":")) {
			throw new IllegalArgumentException("'" + text + "' is not an address block such as 10.0.0.0/8 or fc00::/7");
		}
		byte[] bytes;
		try {
			// a literal (dotted quad, or one with a colon) is parsed, never looked up
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an address block: " + ex.getMessage(), ex);
		}
		if (address.contains(":") && bytes.length == 4) {
			// the JDK reads ::ffff:a.b.c.d as IPv4; so does every check of an address
			throw new IllegalArgumentException("'" + text + "': write an IPv4-mapped block as IPv4");
		}
		int bits = bytes.length * 8;
		int prefix;
		try {
			prefix = (slash < 0) ? bits : Integer.parseInt(trimmed.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' has no prefix length after the slash", ex);
		}
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException("'" + text + "': the prefix is 0 to " + bits);
		}
		return new Cidr(bytes, prefix);
	}

	/** Whether {@code address} lies in this block (an IPv4 one never holds IPv6). */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		int whole = this.prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (bytes[whole] & mask) == (this.network[whole] & mask);
	}

	@Override
	public byte[] network() {
		return this.network.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cidr cidr && cidr.prefix == this.prefix && Arrays.equals(cidr.network, this.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefix;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(this.network).getHostAddress() + "/" + this.prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

}
