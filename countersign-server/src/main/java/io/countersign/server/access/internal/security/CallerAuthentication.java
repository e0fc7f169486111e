package io.countersign.server.access.internal.security;

import io.countersign.server.shared.Caller;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * An authenticated request: the principal is the {@link Caller}; the token itself is not
 * kept, so it cannot leak through the security context.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

	private final Caller caller;

	public CallerAuthentication(Caller caller) {
		super(AuthorityUtils.NO_AUTHORITIES);
		this.caller = caller;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

	@Override
	public String getName() {
		return this.caller.username();
	}

}
