package io.countersign.server.access.internal.sso;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.secrets.SecretSealer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Keeps the OpenID Connect authorization request (state, nonce, PKCE verifier) between
 * the redirect to the identity provider and its callback in a cookie sealed under the
 * master key, so the service stays free of servlet sessions and any instance sharing the
 * database can take the callback. The cookie is sent only to the callback path, is
 * HTTP-only, SameSite=Lax (the callback is a cross-site top-level navigation) and is
 * refused after {@link #LIFETIME}.
 */
public final class AuthorizationRequestCookie implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String NAME = "CS_OIDC_REQUEST";

	/** How long a user may spend at the identity provider before the callback. */
	static final Duration LIFETIME = Duration.ofMinutes(10);

	public static final String CALLBACK_PATH = "/login/oauth2/code";

	private static final String SEAL_CONTEXT = "oidc_authorization_request";

	private static final int FORMAT = 1;

	private final SecretSealer sealer;

	private final boolean secure;

	private final Clock clock;

	public AuthorizationRequestCookie(SecretSealer sealer, boolean secure, Clock clock) {
		this.sealer = sealer;
		this.secure = secure;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		return read(request).orElse(null);
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			clear(response);
			return;
		}
		String value = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.sealer.seal(encode(authorizationRequest, this.clock.instant()), SEAL_CONTEXT));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(value).maxAge(LIFETIME).build().toString());
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		Optional<OAuth2AuthorizationRequest> found = read(request);
		clear(response);
		return found.orElse(null);
	}

	private Optional<OAuth2AuthorizationRequest> read(HttpServletRequest request) {
		Optional<String> value = value(request);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		try {
			byte[] sealed = Base64.getUrlDecoder().decode(value.get());
			return decode(this.sealer.unseal(sealed, SEAL_CONTEXT), this.clock.instant());
		}
		catch (IllegalArgumentException | SecretSealer.UnsealException ex) {
			// not ours, tampered with, or sealed under another master key: as if absent
			return Optional.empty();
		}
	}

	private void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("").maxAge(Duration.ZERO).build().toString());
	}

	private ResponseCookie.ResponseCookieBuilder cookie(String value) {
		return ResponseCookie.from(NAME, value).httpOnly(true).secure(this.secure).sameSite("Lax").path(CALLBACK_PATH);
	}

	private static Optional<String> value(HttpServletRequest request) {
		return SessionCookie.value(request, NAME);
	}

	/**
	 * A plain field-by-field encoding rather than Java serialization, so that opening the
	 * cookie never deserializes objects.
	 */
	static byte[] encode(OAuth2AuthorizationRequest request, Instant now) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeLong(now.getEpochSecond());
			out.writeUTF(request.getAuthorizationUri());
			out.writeUTF(request.getClientId());
			out.writeUTF(request.getRedirectUri());
			out.writeUTF(request.getState());
			out.writeUTF(request.getAuthorizationRequestUri());
			out.writeInt(request.getScopes().size());
			for (String scope : request.getScopes()) {
				out.writeUTF(scope);
			}
			writeMap(out, request.getAdditionalParameters());
			writeMap(out, request.getAttributes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static Optional<OAuth2AuthorizationRequest> decode(byte[] encoded, Instant now) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			if (in.readByte() != FORMAT) {
				return Optional.empty();
			}
			Instant issued = Instant.ofEpochSecond(in.readLong());
			if (!now.isBefore(issued.plus(LIFETIME))) {
				return Optional.empty();
			}
			OAuth2AuthorizationRequest.Builder builder = OAuth2AuthorizationRequest.authorizationCode();
			builder.authorizationUri(in.readUTF());
			builder.clientId(in.readUTF());
			builder.redirectUri(in.readUTF());
			builder.state(in.readUTF());
			builder.authorizationRequestUri(in.readUTF());
			int scopes = in.readInt();
			Set<String> scopeSet = new LinkedHashSet<>();
			for (int i = 0; i < scopes; i++) {
				scopeSet.add(in.readUTF());
			}
			builder.scopes(scopeSet);
			builder.additionalParameters(readMap(in));
			builder.attributes(readMap(in));
			return Optional.of(builder.build());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static void writeMap(DataOutputStream out, Map<String, Object> map) throws IOException {
		out.writeInt(map.size());
		for (Map.Entry<String, Object> entry : map.entrySet()) {
			if (!(entry.getValue() instanceof String value)) {
				throw new IllegalStateException("authorization request value '" + entry.getKey() + "' is not a string");
			}
			out.writeUTF(entry.getKey());
			out.writeUTF(value);
		}
	}

	private static Map<String, Object> readMap(DataInputStream in) throws IOException {
		int size = in.readInt();
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < size; i++) {
			map.put(in.readUTF(), in.readUTF());
		}
		return map;
	}

}
