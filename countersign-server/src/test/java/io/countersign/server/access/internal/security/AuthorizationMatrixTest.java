package io.countersign.server.access.internal.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.access.internal.tokens.TokenHash;
import io.countersign.server.shared.PublicEndpoint;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.SelfService;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The authorization matrix: every API endpoint, read from Spring MVC's route table, is
 * called over real HTTP by an account of every seeded role and by an anonymous caller,
 * and the answer must match {@link #SPEC}, the rights of the seeded roles. An endpoint
 * added without an access rule, or naming a permission that does not exist, fails the
 * build; a new endpoint is covered without touching this test.
 */
class AuthorizationMatrixTest extends PostgresApplicationTest {

	/**
	 * The spec: which seeded role holds which permission, and in which scope
	 * ({@code own}: only what the holder created), as seeded by
	 * {@code V4__accounts_and_roles.sql}. A new permission is added here along with its
	 * migration.
	 */
	static final String SPEC = """
			permission          admin  operator  approver  auditor  viewer  agent
			events:append       all    all       -         -        -       own
			events:read         all    all       all       all      all     own
			ledger:read         all    all       all       all      all     all
			ledger:verify       all    -         -         all      -       -
			ledger:checkpoint   all    -         -         all      -       -
			exports:create      all    -         -         all      -       -
			metrics:read        all    -         -         all      -       -
			users:read          all    -         -         all      -       -
			users:manage        all    -         -         -        -       -
			tokens:manage       all    -         -         -        -       -
			roles:read          all    -         -         all      -       -
			roles:manage        all    -         -         -        -       -
			approvals:request   all    all       -         -        -       own
			approvals:decide    all    -         all       -        -       -
			approvals:read      all    all       all       all      -       own
			policies:manage     all    -         -         -        -       -
			notifications:manage all   -         -         -        -       -
			alerts:read         all    -         -         all      -       -
			alerts:manage       all    -         -         -        -       -
			compliance:read     all    -         -         all      -       -
			compliance:manage   all    -         -         -        -       -
			""";

	private static final Rights RIGHTS = Rights.parse(SPEC);

	private static final String ANONYMOUS = "anonymous";

	private static final String ZERO_ID = "00000000-0000-0000-0000-000000000000";

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{(\\*?)([^}:]+)(?::([^}]*))?}");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Accounts accounts;

	@Autowired
	private RoleGrants grants;

	@Autowired
	private AccessTokens tokens;

	@Autowired
	private AccessChanges changes;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Clock clock;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping routes;

	/** The account of each seeded role, by role name. */
	private final Map<String, Account> roleAccounts = new LinkedHashMap<>();

	@BeforeEach
	void oneAccountPerSeededRole() {
		for (String role : RIGHTS.roles()) {
			String username = "matrix-" + role;
			AccountKind kind = "agent".equals(role) ? AccountKind.SERVICE : AccountKind.USER;
			Account account = this.accounts.findByUsername(username)
				.orElseGet(() -> createAccount(username, kind, role));
			this.roleAccounts.put(role, account);
		}
	}

	@Test
	void everyApiHandlerDeclaresExactlyOneAccessRule() {
		List<String> offenders = apiHandlers().entrySet()
			.stream()
			.filter((handler) -> ruleAnnotations(handler.getValue()).size() != 1)
			.map((handler) -> handler.getValue().getShortLogMessage() + " (" + handler.getKey() + ") declares "
					+ ruleAnnotations(handler.getValue()))
			.toList();

		assertThat(offenders)
			.as("API handlers must carry exactly one of @RequiresPermission, @SelfService "
					+ "or @PublicEndpoint; these do not")
			.isEmpty();
	}

	@Test
	void everyRequiredPermissionExists() {
		Set<String> existing = new TreeSet<>(this.jdbc.sql("SELECT name FROM permission").query(String.class).list());
		List<String> unknown = apiHandlers().values()
			.stream()
			.filter((handler) -> handler.hasMethodAnnotation(RequiresPermission.class))
			.filter((handler) -> !existing.contains(handler.getMethodAnnotation(RequiresPermission.class).value()))
			.map((handler) -> handler.getShortLogMessage() + " requires '"
					+ handler.getMethodAnnotation(RequiresPermission.class).value() + "'")
			.distinct()
			.toList();

		assertThat(unknown)
			.as("permissions named by @RequiresPermission but absent from the permission table " + existing)
			.isEmpty();
		assertThat(existing).contains(ActuatorPermission.PERMISSION);
	}

	@Test
	void seededRolesHoldExactlyTheRightsOfTheSpec() {
		Set<String> seeded = new TreeSet<>(this.jdbc.sql("""
				SELECT rp.role_name || ' ' || rp.permission_name || ' ' || rp.scope
				FROM role_permission rp JOIN role r ON r.name = rp.role_name
				WHERE r.built_in
				""").query(String.class).list());
		Set<String> permissions = new TreeSet<>(
				this.jdbc.sql("SELECT name FROM permission").query(String.class).list());

		assertThat(seeded).as("grants of the seeded roles (role permission scope)")
			.containsExactlyInAnyOrderElementsOf(RIGHTS.asGrants());
		assertThat(permissions).as("every permission appears in the spec")
			.containsExactlyInAnyOrderElementsOf(RIGHTS.permissions());
	}

	@TestFactory
	Stream<DynamicNode> everyApiEndpointAnswersEveryRoleAsTheSpecSays() {
		List<Endpoint> endpoints = endpoints();
		assertThat(endpoints).as("the route table holds the API").isNotEmpty();
		return endpoints.stream().map((endpoint) -> {
			List<DynamicTest> cells = new ArrayList<>();
			for (String caller : callers()) {
				Expected expected = expected(endpoint.rule(), caller);
				cells.add(DynamicTest.dynamicTest(endpoint + " as " + caller + " → " + expected.label(),
						() -> cell(endpoint, caller, expected)));
			}
			return DynamicContainer.dynamicContainer(endpoint + " [" + endpoint.rule() + "]", cells);
		});
	}

	@TestFactory
	Stream<DynamicTest> actuatorNeedsMetricsRead() {
		Endpoint prometheus = new Endpoint("GET", "/actuator/prometheus", "/actuator/prometheus",
				new Rule.Needs(ActuatorPermission.PERMISSION), Optional.empty(), null);
		return callers().stream().map((caller) -> {
			Expected expected = expected(prometheus.rule(), caller);
			return DynamicTest.dynamicTest(prometheus + " as " + caller + " → " + expected.label(), () -> {
				if (expected == Expected.ALLOWED) {
					HttpResponse<String> response = call(prometheus, caller);
					assertThat(response.statusCode()).as(describe(prometheus, caller, response)).isEqualTo(200);
					assertThat(response.body()).contains("jvm_memory_used_bytes");
				}
				else {
					cell(prometheus, caller, expected);
				}
			});
		});
	}

	@Test
	void agentAppendsOnlyEventsWithItselfAsActor() {
		Account agent = createAccount(uniqueName("agent-svc"), AccountKind.SERVICE, "agent");
		ApiClient asAgent = this.api.withToken(newToken(agent));
		String stranger = uniqueName("stranger");

		HttpResponse<String> own = asAgent.post("/api/v1/events", "application/json",
				event(agent.username(), "service"));
		HttpResponse<String> foreign = asAgent.post("/api/v1/events", "application/json", event(stranger, "user"));
		HttpResponse<String> wrongType = asAgent.post("/api/v1/events", "application/json",
				event(agent.username(), "user"));
		HttpResponse<String> mixedBatch = asAgent.post("/api/v1/events", "application/json",
				"[" + event(agent.username(), "service") + "," + event(stranger, "user") + "]");

		assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
		for (HttpResponse<String> refused : List.of(foreign, wrongType, mixedBatch)) {
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
			assertThat(code(refused)).isEqualTo("ERR_PERMISSION_DENIED");
		}
		assertThat(eventsAsAdmin("actor=" + stranger)).as("nothing of the refused requests was appended").isEmpty();
		assertThat(eventsAsAdmin("actor=" + agent.username())).as("only the first event was appended").hasSize(1);
	}

	@Test
	void agentReadsOnlyItsOwnEvents() {
		Account agent = createAccount(uniqueName("agent-svc"), AccountKind.SERVICE, "agent");
		ApiClient asAgent = this.api.withToken(newToken(agent));
		String stranger = uniqueName("stranger");
		appendAsAdmin(event(stranger, "user"));
		asAgent.post("/api/v1/events", "application/json", event(agent.username(), "service"));
		asAgent.post("/api/v1/events", "application/json", event(agent.username(), "service"));
		appendAsAdmin(event(stranger, "user"));

		HttpResponse<String> all = asAgent.get("/api/v1/events?limit=1000");
		HttpResponse<String> self = asAgent.get("/api/v1/events?actor=" + agent.username());
		HttpResponse<String> others = asAgent.get("/api/v1/events?actor=" + stranger);

		assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
		assertThat(actorsOf(ApiClient.json(all))).containsExactly(agent.username(), agent.username());
		assertThat(self.statusCode()).isEqualTo(200);
		assertThat(actorsOf(ApiClient.json(self))).containsExactly(agent.username(), agent.username());
		assertThat(others.statusCode()).as(others.body()).isEqualTo(403);
		assertThat(code(others)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(eventsAsAdmin("actor=" + stranger)).as("the other actor's events exist").hasSize(2);
	}

	@Test
	void agentSeesOnlyItsOwnLedgerEntries() {
		Account agent = createAccount(uniqueName("agent-svc"), AccountKind.SERVICE, "agent");
		ApiClient asAgent = this.api.withToken(newToken(agent));
		long othersIndex = ApiClient.json(appendAsAdmin(event(uniqueName("stranger"), "user"))).get("index").asLong();
		long ownIndex = ApiClient
			.json(asAgent.post("/api/v1/events", "application/json", event(agent.username(), "service")))
			.get("index")
			.asLong();

		HttpResponse<String> others = asAgent.get("/api/v1/ledger/entries/" + othersIndex);
		HttpResponse<String> own = asAgent.get("/api/v1/ledger/entries/" + ownIndex);

		assertThat(others.statusCode()).as(others.body()).isEqualTo(404);
		assertThat(code(others)).isEqualTo("ERR_ENTRY_NOT_FOUND");
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(ApiClient.json(own).get("event").get("actor").get("id").asString()).isEqualTo(agent.username());
		assertThat(admin().get("/api/v1/ledger/entries/" + othersIndex).statusCode()).isEqualTo(200);
	}

	// --- one cell of the matrix

	private void cell(Endpoint endpoint, String caller, Expected expected) {
		int denialsBefore = (expected == Expected.DENIED) ? authzFailures(endpoint, caller).size() : 0;
		HttpResponse<String> response = call(endpoint, caller);
		cell(endpoint, caller, expected, response);
		if (expected == Expected.DENIED) {
			List<JsonNode> denials = authzFailures(endpoint, caller);
			assertThat(denials).as("authz_fail events of %s for %s", caller, endpoint).hasSize(denialsBefore + 1);
			JsonNode denial = denials.get(0).get("event");
			assertThat(denial.path("outcome").asString()).isEqualTo("denied");
			assertThat(denial.path("details").path("permission").asString()).isEqualTo(endpoint.permission());
		}
	}

	private void cell(Endpoint endpoint, String caller, Expected expected, HttpResponse<String> response) {
		String what = describe(endpoint, caller, response);
		switch (expected) {
			case UNAUTHENTICATED -> {
				assertThat(response.statusCode()).as(what).isEqualTo(401);
				assertThat(code(response)).as(what).isEqualTo("ERR_UNAUTHENTICATED");
			}
			case DENIED -> {
				assertThat(response.statusCode()).as(what).isEqualTo(403);
				assertThat(code(response)).as(what).isEqualTo("ERR_PERMISSION_DENIED");
				assertThat(ApiClient.json(response).path("detail").asString()).as(what).contains(endpoint.permission());
			}
			case ALLOWED ->
				assertThat(response.statusCode()).as(what + ": authorization must let it through").isNotIn(401, 403);
			case OPEN -> assertThat(code(response)).as(what + ": an open endpoint must not ask who is calling")
				.isNotIn("ERR_UNAUTHENTICATED", "ERR_PERMISSION_DENIED");
			case UNSPECIFIED -> fail(endpoint.handlerName() + " requires '" + endpoint.permission()
					+ "', which the SPEC table of AuthorizationMatrixTest does not list: add its row");
		}
	}

	private static Expected expected(Rule rule, String caller) {
		if (rule instanceof Rule.Open) {
			return Expected.OPEN;
		}
		if (ANONYMOUS.equals(caller)) {
			return Expected.UNAUTHENTICATED;
		}
		if (rule instanceof Rule.Needs needs) {
			if (!RIGHTS.permissions().contains(needs.permission())) {
				return Expected.UNSPECIFIED;
			}
			return RIGHTS.holds(caller, needs.permission()) ? Expected.ALLOWED : Expected.DENIED;
		}
		return Expected.ALLOWED;
	}

	/**
	 * Sends the endpoint's request with harmless values: path variables that name nothing
	 * that exists, {@code {}} as the body of writes. Every call gets a new token of the
	 * role's account, so that a self-service call (signing out, revoking "my" token)
	 * cannot lock a later cell out.
	 */
	private HttpResponse<String> call(Endpoint endpoint, String caller) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + endpoint.path()));
		if (!ANONYMOUS.equals(caller)) {
			request.header("Authorization", "Bearer " + newToken(this.roleAccounts.get(caller)));
		}
		if (Set.of("POST", "PUT", "PATCH").contains(endpoint.method())) {
			String contentType = endpoint.contentType().orElse("application/json");
			String body = contentType.contains("json") ? "{}" : "";
			request.header("Content-Type", contentType)
				.method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The {@code authz_fail} events of the role's account for the endpoint, newest first.
	 */
	private List<JsonNode> authzFailures(Endpoint endpoint, String caller) {
		return eventsAsAdmin("type=authz_fail&resourceType=endpoint&actor=" + this.roleAccounts.get(caller).username()
				+ "&resourceId="
				+ URLEncoder.encode(endpoint.method() + " " + endpoint.pattern(), StandardCharsets.UTF_8));
	}

	// --- the route table

	/** Every handler of an {@code /api/} path, by its mapping. */
	private Map<RequestMappingInfo, HandlerMethod> apiHandlers() {
		Map<RequestMappingInfo, HandlerMethod> api = new LinkedHashMap<>();
		this.routes.getHandlerMethods().forEach((info, handler) -> {
			if (info.getPatternValues().stream().anyMatch((pattern) -> pattern.startsWith("/api/"))) {
				api.put(info, handler);
			}
		});
		return api;
	}

	/** One cell row per method and path of every API handler with a single rule. */
	private List<Endpoint> endpoints() {
		List<Endpoint> endpoints = new ArrayList<>();
		apiHandlers().forEach((info, handler) -> {
			Optional<Rule> rule = rule(handler);
			if (rule.isEmpty()) {
				// reported by everyApiHandlerDeclaresExactlyOneAccessRule
				return;
			}
			Set<String> methods = new LinkedHashSet<>();
			info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).sorted().forEach(methods::add);
			if (methods.isEmpty()) {
				methods.add("GET");
			}
			String params = info.getParamsCondition()
				.getExpressions()
				.stream()
				.filter((expression) -> !expression.isNegated())
				.map((expression) -> expression.getName() + "="
						+ Optional.ofNullable(expression.getValue()).orElse("0"))
				.reduce((a, b) -> a + "&" + b)
				.map((query) -> "?" + query)
				.orElse("");
			Optional<String> contentType = info.getConsumesCondition()
				.getConsumableMediaTypes()
				.stream()
				.map(Object::toString)
				.filter((type) -> !type.contains("*"))
				.min(Comparator.comparing((String type) -> !type.contains("json")));
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				for (String method : methods) {
					endpoints.add(new Endpoint(method, pattern, fill(pattern, handler) + params, rule.get(),
							contentType, handler));
				}
			}
		});
		endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
		return endpoints;
	}

	private static List<String> ruleAnnotations(HandlerMethod handler) {
		return Stream.of(RequiresPermission.class, SelfService.class, PublicEndpoint.class)
			.filter(handler::hasMethodAnnotation)
			.map(Class::getSimpleName)
			.map((name) -> "@" + name)
			.toList();
	}

	/**
	 * The rule a handler declares, read from its annotations independently of the code
	 * enforcing it.
	 */
	private static Optional<Rule> rule(HandlerMethod handler) {
		if (ruleAnnotations(handler).size() != 1) {
			return Optional.empty();
		}
		if (handler.hasMethodAnnotation(PublicEndpoint.class)) {
			return Optional.of(new Rule.Open());
		}
		if (handler.hasMethodAnnotation(SelfService.class)) {
			return Optional.of(new Rule.Self());
		}
		return Optional.of(new Rule.Needs(handler.getMethodAnnotation(RequiresPermission.class).value()));
	}

	/**
	 * The pattern with harmless values for its variables: {@code 0} for numbers, all-zero
	 * UUIDs for ids, {@code nonexistent-<name>} for names.
	 */
	private static String fill(String pattern, HandlerMethod handler) {
		Matcher matcher = PATH_VARIABLE.matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(2);
			String constraint = matcher.group(3);
			String value = harmlessValue(name, variableType(handler, name));
			if (constraint != null && !value.matches(constraint)) {
				value = Stream.of("0", ZERO_ID, "nonexistent")
					.filter((candidate) -> candidate.matches(constraint))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException(
							"no harmless value for {" + name + ":" + constraint + "} in " + pattern));
			}
			matcher.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(path);
		return path.toString();
	}

	private static String harmlessValue(String name, Class<?> type) {
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)
				|| name.equals("index")) {
			return "0";
		}
		if (type == UUID.class || name.equals("id") || name.endsWith("Id")) {
			return ZERO_ID;
		}
		return "nonexistent-" + name.toLowerCase(Locale.ROOT);
	}

	private static Class<?> variableType(HandlerMethod handler, String name) {
		for (MethodParameter parameter : handler.getMethodParameters()) {
			PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
			if (variable == null) {
				continue;
			}
			String declared = !variable.name().isEmpty() ? variable.name() : variable.value();
			if (declared.isEmpty()) {
				parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
				declared = Optional.ofNullable(parameter.getParameterName()).orElse("");
			}
			if (declared.equals(name)) {
				return parameter.getParameterType();
			}
		}
		return String.class;
	}

	private static List<String> callers() {
		List<String> callers = new ArrayList<>(RIGHTS.roles());
		callers.add(ANONYMOUS);
		return callers;
	}

	// --- accounts, tokens and events

	private Account createAccount(String username, AccountKind kind, String role) {
		Instant now = this.clock.instant();
		Account account = new Account(UUID.randomUUID().toString(), username, "Matrix " + role, kind, false,
				Optional.empty(), false, now, now, Optional.empty());
		this.accounts.insert(account);
		this.grants.put(new RoleGrant(account.accountId(), RoleName.of(role), "authorization-matrix-test", now,
				Optional.empty(), "manual"));
		this.changes.changed();
		return account;
	}

	private String newToken(Account account) {
		String token = BootstrapToken.newToken();
		this.tokens.add(TokenHash.of(token), account.accountId(), "matrix", this.clock.instant(), Optional.empty());
		this.changes.changed();
		return token;
	}

	private ApiClient admin() {
		return this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	private HttpResponse<String> appendAsAdmin(String event) {
		HttpResponse<String> response = admin().post("/api/v1/events", "application/json", event);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return response;
	}

	private List<JsonNode> eventsAsAdmin(String query) {
		HttpResponse<String> response = admin().get("/api/v1/events?limit=1000&" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		ApiClient.json(response).get("events").forEach(events::add);
		return events;
	}

	private static List<String> actorsOf(JsonNode page) {
		List<String> actors = new ArrayList<>();
		page.get("events").forEach((item) -> actors.add(item.get("event").get("actor").get("id").asString()));
		return actors;
	}

	private static String event(String actorId, String actorType) {
		return """
				{"type": "deployment_started", "actor": {"id": "%s", "type": "%s"}, "action": "deploy",
				 "resource": {"type": "service", "id": "billing"}}
				""".formatted(actorId, actorType);
	}

	private static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String code(HttpResponse<String> response) {
		boolean json = response.headers().firstValue("Content-Type").map((type) -> type.contains("json")).orElse(false);
		return json ? ApiClient.json(response).path("code").asString() : "";
	}

	private static String describe(Endpoint endpoint, String caller, HttpResponse<String> response) {
		String body = response.body();
		return endpoint + " as " + caller + " (handler " + endpoint.handlerName() + ") answered "
				+ response.statusCode() + ": " + ((body.length() > 300) ? body.substring(0, 300) + "…" : body);
	}

	// --- value types of the matrix

	/** An access rule as the test reads it from a handler's annotations. */
	sealed interface Rule {

		record Open() implements Rule {
			@Override
			public String toString() {
				return "@PublicEndpoint";
			}
		}

		record Self() implements Rule {
			@Override
			public String toString() {
				return "@SelfService";
			}
		}

		record Needs(String permission) implements Rule {
			@Override
			public String toString() {
				return this.permission;
			}
		}

	}

	/** What a caller must get from an endpoint. */
	enum Expected {

		/** 401 ERR_UNAUTHENTICATED. */
		UNAUTHENTICATED("401"),
		/** 403 ERR_PERMISSION_DENIED naming the permission, and an authz_fail event. */
		DENIED("403"),
		/** Past authorization: anything but 401 and 403 (400 and 404 included). */
		ALLOWED("allowed"),
		/** An open endpoint: never asks for authentication or a permission. */
		OPEN("open"),
		/**
		 * The permission is missing from {@link #SPEC}: the cell fails until it is added.
		 */
		UNSPECIFIED("?");

		private final String label;

		Expected(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	/**
	 * One method and path of an API handler, and the request path that calls it with
	 * harmless values.
	 */
	record Endpoint(String method, String pattern, String path, Rule rule, Optional<String> contentType,
			HandlerMethod handler) {

		String permission() {
			return (this.rule instanceof Rule.Needs needs) ? needs.permission() : "";
		}

		String handlerName() {
			return (this.handler != null) ? this.handler.getShortLogMessage() : "actuator";
		}

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

	/**
	 * The spec table, parsed: its roles, its permissions, and role → permission → scope.
	 */
	record Rights(List<String> roles, Set<String> permissions, Map<String, Map<String, String>> scopes) {

		static Rights parse(String table) {
			List<String[]> rows = table.lines()
				.filter((line) -> !line.isBlank())
				.map((line) -> line.trim().split("\\s+"))
				.toList();
			List<String> roles = List.of(rows.get(0)).subList(1, rows.get(0).length);
			Set<String> permissions = new TreeSet<>();
			Map<String, Map<String, String>> scopes = new LinkedHashMap<>();
			for (String[] row : rows.subList(1, rows.size())) {
				permissions.add(row[0]);
				if (row.length != roles.size() + 1) {
					throw new IllegalArgumentException("spec row " + String.join(" ", row) + " has the wrong width");
				}
				for (int i = 0; i < roles.size(); i++) {
					if (!row[i + 1].equals("-")) {
						scopes.computeIfAbsent(roles.get(i), (role) -> new LinkedHashMap<>()).put(row[0], row[i + 1]);
					}
				}
			}
			return new Rights(roles, permissions, scopes);
		}

		boolean holds(String role, String permission) {
			return this.scopes.getOrDefault(role, Map.of()).containsKey(permission);
		}

		/** Every grant as {@code "role permission scope"}. */
		Set<String> asGrants() {
			Set<String> grants = new TreeSet<>();
			this.scopes.forEach((role, held) -> held
				.forEach((permission, scope) -> grants.add(role + " " + permission + " " + scope)));
			return grants;
		}

	}

}
