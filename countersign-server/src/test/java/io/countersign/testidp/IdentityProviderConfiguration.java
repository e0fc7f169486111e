package io.countersign.testidp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The test provider's application: only the web server, MVC and security
 * auto-configuration are imported, so nothing of the service (database, ledger) starts
 * with it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
		HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
		SecurityFilterAutoConfiguration.class })
class IdentityProviderConfiguration {

	@Bean
	SecurityFilterChain identityProvider(HttpSecurity http, InMemoryRegisteredClientRepository clients)
			throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2AuthorizationServer(
					(server) -> server.registeredClientRepository(clients).oidc(Customizer.withDefaults()))
			// the UserInfo endpoint takes the access token it issued
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryRegisteredClientRepository registeredClients() {
		// replaced by TestIdentityProvider.registerClient once the relying party's port
		// is known
		return new InMemoryRegisteredClientRepository(TestIdentityProvider.client("http://127.0.0.1/unregistered"));
	}

	@Bean
	UserDetailsService users(TestIdentityProvider.Directory directory) {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (String username : directory.usernames) {
			users.createUser(User.withUsername(username)
				.password("{noop}" + TestIdentityProvider.PASSWORD)
				.roles("USER")
				.build());
		}
		return users;
	}

	/** ID tokens name the user and claim their groups; the subject is opaque. */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(TestIdentityProvider.Directory directory) {
		return (context) -> {
			if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
				String username = context.getPrincipal().getName();
				context.getClaims()
					.subject(directory.subject(username))
					.claim(StandardClaimNames.PREFERRED_USERNAME, username)
					.claim(StandardClaimNames.NAME, "Test user " + username)
					.claim("groups", directory.groupsOf(username))
					.claim("amr", directory.methodsOf(username));
			}
		};
	}

	@Bean
	KeyPair signingKey() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(KeyPair signingKey) {
		RSAKey key = new RSAKey.Builder((RSAPublicKey) signingKey.getPublic())
			.privateKey((RSAPrivateKey) signingKey.getPrivate())
			.keyID("test-idp")
			.build();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	@Bean
	JwtDecoder jwtDecoder(KeyPair signingKey) {
		return NimbusJwtDecoder.withPublicKey((RSAPublicKey) signingKey.getPublic()).build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder().build();
	}

}
