package io.countersign.testidp;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * An OpenID provider (Spring Authorization Server) running in-process on a random
 * loopback port, with form login for a fixed set of users, one confidential client and a
 * {@code groups} claim in the ID token that a test may change between sign-ins.
 */
public final class TestIdentityProvider implements AutoCloseable {

	public static final String CLIENT_ID = "countersign";

	public static final String CLIENT_SECRET = "countersign-test-client-secret";

	/** The password of every user of the provider. */
	public static final String PASSWORD = "test-idp-password";

	private final ConfigurableApplicationContext context;

	private final Directory directory;

	private TestIdentityProvider(ConfigurableApplicationContext context, Directory directory) {
		this.context = context;
		this.directory = directory;
	}

	/** Starts the provider with these users, none in any group yet. */
	public static TestIdentityProvider start(String... usernames) {
		Directory directory = new Directory(List.of(usernames));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(IdentityProviderConfiguration.class)
			.initializers((ctx) -> ctx.getBeanFactory().registerSingleton("directory", directory))
			// command-line arguments: its own config name keeps the service's
			// application.yml out, and its own session cookie name keeps the browser's
			// cookies for the two loopback servers apart (cookies ignore the port)
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.config.name=test-idp",
					"--server.servlet.session.cookie.name=TEST_IDP_SESSION", "--spring.main.banner-mode=off");
		return new TestIdentityProvider(context, directory);
	}

	/** The issuer identifier, e.g. {@code http://127.0.0.1:40123}. */
	public String issuer() {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * Registers the client with the one redirect URI the provider will send codes to
	 * (known only once the relying party has started on its random port).
	 */
	public void registerClient(String redirectUri) {
		this.context.getBean(InMemoryRegisteredClientRepository.class).save(client(redirectUri));
	}

	/**
	 * The authentication methods ({@code amr}, RFC 8176) the next ID token of this user
	 * will claim; {@code ["pwd"]} unless set.
	 */
	public void setMethods(String username, List<String> methods) {
		this.directory.methods.put(username, List.copyOf(methods));
	}

	/** The groups the next ID token of this user will claim. */
	public void setGroups(String username, List<String> groups) {
		this.directory.groups.put(username, List.copyOf(groups));
	}

	/** The (opaque, stable) subject identifier of a user. */
	public String subject(String username) {
		return this.directory.subject(username);
	}

	@Override
	public void close() {
		this.context.close();
	}

	static RegisteredClient client(String redirectUri) {
		return RegisteredClient.withId(CLIENT_ID)
			.clientId(CLIENT_ID)
			.clientSecret("{noop}" + CLIENT_SECRET)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.build();
	}

	/** The provider's users and their groups. */
	static final class Directory {

		final List<String> usernames;

		final Map<String, List<String>> groups = new ConcurrentHashMap<>();

		Directory(List<String> usernames) {
			this.usernames = List.copyOf(usernames);
		}

		String subject(String username) {
			return UUID.nameUUIDFromBytes(("test-idp:" + username).getBytes(java.nio.charset.StandardCharsets.UTF_8))
				.toString();
		}

		List<String> groupsOf(String username) {
			return this.groups.getOrDefault(username, List.of());
		}

		final Map<String, List<String>> methods = new ConcurrentHashMap<>();

		List<String> methodsOf(String username) {
			return this.methods.getOrDefault(username, List.of("pwd"));
		}

	}

}
