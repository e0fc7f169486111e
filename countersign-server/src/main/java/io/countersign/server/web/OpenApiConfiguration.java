package io.countersign.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the API in OpenAPI: every operation requires the bearer token scheme, so
 * Swagger UI offers an "Authorize" button and generated clients send the header.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	@Bean
	OpenAPI countersignOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Countersign API")
				.description("Approval workflows and a tamper-evident audit ledger. Errors are RFC 9457 "
						+ "problem details with a stable 'code'."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API token: Authorization: Bearer <token>")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
