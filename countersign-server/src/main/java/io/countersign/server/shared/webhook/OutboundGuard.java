package io.countersign.server.shared.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * The one check every outbound sender makes (decision 032): when a URL is saved, and
 * again just before each request, since what a name resolves to may change in between
 * (DNS rebinding). Every address a host resolves to is judged by the
 * {@link OutboundRules}; one refused address refuses the host.
 *
 * <p>
 * A race remains: the HTTP client resolves the host again when it connects, and a DNS
 * server answering differently within that instant is not caught. The JDK's
 * {@code HttpClient} takes no resolver of ours to close it; the JVM's address cache (30 s
 * by default) makes the client usually get the answer judged here. Senders never follow
 * redirects, which would lead past this check.
 */
public final class OutboundGuard {

	private static final String SETTINGS = " (countersign.outbound, docs/operations.md)";

	private final OutboundRules rules;

	private final HostResolver resolver;

	private final OwnAddresses own;

	public OutboundGuard(OutboundRules rules, HostResolver resolver, OwnAddresses own) {
		this.rules = rules;
		this.resolver = resolver;
		this.own = own;
	}

	/**
	 * Refuses, with {@code ERR_OUTBOUND_URL_REFUSED}, a URL whose scheme, user info or
	 * authority Countersign never sends to; needs no resolving, so value types may call
	 * it.
	 */
	public static void checkForm(URI url) {
		OutboundRules.refusedForm(url).ifPresent((reason) -> {
			throw refused(reason);
		});
	}

	/**
	 * Refuses, with {@code ERR_OUTBOUND_URL_REFUSED}, a URL Countersign would not send to
	 * now. A host name that does not resolve is accepted: the check before each request
	 * judges it once it does, and a receiver may be set up before its DNS entry.
	 */
	public void checkBeforeSaving(URI url) {
		if (check(url) instanceof OutboundCheck.Refused refused) {
			throw refused(refused.reason());
		}
	}

	/** Judges the URL just before a request; resolves its host now. */
	public OutboundCheck checkBeforeSending(URI url) {
		return check(url);
	}

	private OutboundCheck check(URI url) {
		Optional<String> form = OutboundRules.refusedForm(url);
		if (form.isPresent()) {
			return new OutboundCheck.Refused(form.get());
		}
		String host = url.getHost();
		if (host == null || url.getScheme() == null) {
			return new OutboundCheck.Refused("the URL has no scheme or host");
		}
		if (host.startsWith("[")) {
			return literal(host.substring(1, host.length() - 1));
		}
		List<InetAddress> addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			return OutboundRules.refusedHost(host)
				.<OutboundCheck>map(OutboundCheck.Refused::new)
				.orElseGet(() -> new OutboundCheck.Unresolved("the host '" + host + "' does not resolve"));
		}
		for (InetAddress address : addresses) {
			Optional<String> refusal = refusal(address);
			if (refusal.isPresent()) {
				String shown = address.getHostAddress();
				return new OutboundCheck.Refused(shown.equals(host) ? shown + " is " + refusal.get()
						: "the host '" + host + "' resolves to " + shown + ", which is " + refusal.get());
			}
		}
		Optional<String> numeric = OutboundRules.refusedHost(host);
		if (numeric.isPresent()) {
			return new OutboundCheck.Refused(numeric.get());
		}
		return new OutboundCheck.Allowed(addresses);
	}

	// an IPv6 literal is judged as written: never looked up, never left unresolved
	private OutboundCheck literal(String text) {
		if (text.contains("%")) {
			return new OutboundCheck.Refused("an IPv6 address with a zone (%) is not sent to");
		}
		InetAddress address;
		try {
			// holds a colon, so the JDK parses it and asks no DNS server
			address = InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return new OutboundCheck.Refused("'" + text + "' is not an IPv6 address");
		}
		return refusal(address)
			.<OutboundCheck>map((what) -> new OutboundCheck.Refused(address.getHostAddress() + " is " + what))
			.orElseGet(() -> new OutboundCheck.Allowed(List.of(address)));
	}

	private Optional<String> refusal(InetAddress address) {
		Optional<String> refusal = this.rules.refusal(address);
		if (refusal.isEmpty() && !this.rules.allows(address) && this.own.contains(address)) {
			return Optional.of("an address of this server");
		}
		return refusal;
	}

	private static CountersignException refused(String reason) {
		return new CountersignException(ErrorCode.ERR_OUTBOUND_URL_REFUSED,
				"Countersign does not send to this URL: " + reason + SETTINGS + ".");
	}

}
