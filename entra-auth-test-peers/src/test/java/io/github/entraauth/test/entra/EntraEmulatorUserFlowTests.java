package io.github.entraauth.test.entra;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delegated flows of the emulator as a web application and an API see them on the wire: authorization code
 * with PKCE, refresh tokens, ID token claims, group overage, the Graph stand-in and on-behalf-of.
 */
class EntraEmulatorUserFlowTests {

	@RegisterExtension
	static EntraEmulatorExtension entra = new EntraEmulatorExtension(EntraEmulator.builder().tenantId("contoso-users"));

	private static final String FABRIC_SCOPE = "https://api.fabric.microsoft.com/Lakehouse.Execute.All";

	private static final String REDIRECT = "http://localhost:8080/login/oauth2/code/entra";

	private static final String ADMINS = "6f1c2d1e-0000-4000-8000-000000000001";

	private static final String EDITORS = "6f1c2d1e-0000-4000-8000-000000000002";

	private static final String VIEWERS = "6f1c2d1e-0000-4000-8000-000000000003";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static HttpClient http;

	@BeforeAll
	static void setUp(EntraEmulator emulator) {
		emulator.registerSecretClient("web-app", "web-secret");
		emulator.registerSecretClient("orders-api", "api-secret");
		emulator.users().register("alice@contoso.test", "Alice Admin", List.of(ADMINS, EDITORS), List.of("Livy.Admin"));
		emulator.users().register("bob@contoso.test", VIEWERS);
		emulator.users().register("carol@contoso.test", ADMINS, EDITORS, VIEWERS);
		http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
	}

	@AfterEach
	void reset(EntraEmulator emulator) {
		emulator.users().signInAs(null);
		emulator.users().groupOverageLimit(200);
		emulator.users().groupOverageForm(GroupOverageForm.CLAIM_SOURCES);
		emulator.users().graphPageSize(100);
	}

	@Test
	void codeFlowWithPkceSignsInTheChosenUserWithGroupsRolesAndNonce(EntraEmulator emulator) throws Exception {
		emulator.users().signInAs("alice@contoso.test");
		String verifier = verifier();

		HttpResponse<String> authorize = authorize(emulator, Map.of("scope", "openid profile email offline_access " + FABRIC_SCOPE,
				"state", "st-1", "nonce", "n-0S6", "code_challenge", s256(verifier), "code_challenge_method", "S256"));
		Map<String, String> callback = callbackParameters(authorize);
		Map<String, Object> tokens = parse(redeem(emulator, callback.get("code"), verifier, REDIRECT).body());

		assertThat(authorize.statusCode()).isEqualTo(302);
		assertThat(callback).containsEntry("state", "st-1").containsKey("code");
		EntraUser alice = emulator.users().user("alice@contoso.test");
		JWTClaimsSet id = emulator.verify((String) tokens.get("id_token"));
		assertThat(id.getIssuer()).isEqualTo(emulator.issuer());
		assertThat(id.getAudience()).containsExactly("web-app");
		assertThat(id.getClaims()).containsEntry("nonce", "n-0S6").containsEntry("oid", alice.oid())
			.containsEntry("tid", "contoso-users").containsEntry("name", "Alice Admin")
			.containsEntry("preferred_username", "alice@contoso.test").containsEntry("email", "alice@contoso.test")
			.containsEntry("groups", List.of(ADMINS, EDITORS)).containsEntry("roles", List.of("Livy.Admin"))
			.containsKey("at_hash");
		JWTClaimsSet access = emulator.verify((String) tokens.get("access_token"));
		assertThat(access.getAudience()).containsExactly("https://api.fabric.microsoft.com");
		assertThat(access.getClaims()).containsEntry("scp", "Lakehouse.Execute.All").containsEntry("oid", alice.oid())
			.containsEntry("azp", "web-app");
		assertThat(tokens).containsEntry("scope", FABRIC_SCOPE + " openid profile email").containsKey("refresh_token");
		assertThat(emulator.requests()).extracting(RecordedRequest::kind).contains("authorize", "authorization_code");
	}

	@Test
	void wrongCodeVerifierIsRejectedWithAadsts501481AndACodeIsRedeemedOnce(EntraEmulator emulator) throws Exception {
		emulator.users().signInAs("bob@contoso.test");
		String verifier = verifier();
		String code = callbackParameters(authorize(emulator, Map.of("scope", "openid", "code_challenge", s256(verifier),
				"code_challenge_method", "S256"))).get("code");
		String secondCode = callbackParameters(authorize(emulator, Map.of("scope", "openid", "code_challenge",
				s256(verifier), "code_challenge_method", "S256"))).get("code");

		HttpResponse<String> wrongVerifier = redeem(emulator, code, verifier(), REDIRECT);
		HttpResponse<String> good = redeem(emulator, secondCode, verifier, REDIRECT);
		HttpResponse<String> again = redeem(emulator, secondCode, verifier, REDIRECT);

		assertThat(wrongVerifier.statusCode()).isEqualTo(400);
		assertEntraError(wrongVerifier.body(), "invalid_grant", 501481);
		assertThat(good.statusCode()).isEqualTo(200);
		assertThat(again.statusCode()).isEqualTo(400);
		assertEntraError(again.body(), "invalid_grant", 54005);
	}

	@Test
	void redirectUriMustMatchTheRegistrationAndTheAuthorizationRequest(EntraEmulator emulator) throws Exception {
		emulator.registerSecretClient("strict-app", "strict-secret");
		emulator.users().registerRedirectUri("strict-app", "https://app.contoso.test/callback");
		emulator.users().signInAs("bob@contoso.test");

		HttpResponse<String> unregistered = get(emulator.authorizationEndpoint() + "?" + form(Map.of("client_id",
				"strict-app", "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT)), Map.of());
		String code = callbackParameters(authorize(emulator, Map.of("scope", "openid"))).get("code");
		HttpResponse<String> otherRedirect = redeem(emulator, code, null, "http://localhost:9999/elsewhere");

		assertThat(unregistered.statusCode()).isEqualTo(400);
		assertThat(unregistered.body()).contains("AADSTS50011");
		assertThat(otherRedirect.statusCode()).isEqualTo(400);
		assertEntraError(otherRedirect.body(), "invalid_grant", 70000);
	}

	@Test
	void loginHintWinsAndWithoutAUserTheEndpointListsAccounts(EntraEmulator emulator) throws Exception {
		emulator.users().signInAs("bob@contoso.test");
		String code = callbackParameters(authorize(emulator, Map.of("scope", "openid profile", "login_hint",
				"carol@contoso.test"))).get("code");
		Map<String, Object> tokens = parse(redeem(emulator, code, null, REDIRECT).body());
		emulator.users().signInAs(null);

		HttpResponse<String> picker = authorize(emulator, Map.of("scope", "openid"));
		HttpResponse<String> silent = authorize(emulator, Map.of("scope", "openid", "prompt", "none", "state", "s"));

		assertThat(emulator.verify((String) tokens.get("id_token")).getClaims()).containsEntry("preferred_username",
				"carol@contoso.test");
		assertThat(picker.statusCode()).isEqualTo(200);
		assertThat(picker.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(picker.body()).contains("alice@contoso.test", "bob@contoso.test", "carol@contoso.test",
				"login_hint=alice%40contoso.test");
		assertThat(callbackParameters(silent)).containsEntry("error", "login_required").containsEntry("state", "s");
	}

	@Test
	void refreshTokenGetsATokenForAnotherConsentedResourceAndIsRevocable(EntraEmulator emulator) throws Exception {
		emulator.users().signInAs("alice@contoso.test");
		String code = callbackParameters(authorize(emulator, Map.of("scope", "openid profile offline_access User.Read "
				+ FABRIC_SCOPE))).get("code");
		Map<String, Object> first = parse(redeem(emulator, code, null, REDIRECT).body());
		String refreshToken = (String) first.get("refresh_token");

		Map<String, Object> fabric = parse(refresh(refreshToken, FABRIC_SCOPE).body());
		HttpResponse<String> notConsented = refresh(refreshToken, "https://storage.azure.com/user_impersonation");
		emulator.users().revokeRefreshTokens("alice@contoso.test");
		HttpResponse<String> revoked = refresh(refreshToken, FABRIC_SCOPE);

		assertThat(emulator.verify((String) first.get("access_token")).getClaims())
			.containsEntry("aud", List.of("https://graph.microsoft.com")).containsEntry("scp", "User.Read");
		JWTClaimsSet fabricToken = emulator.verify((String) fabric.get("access_token"));
		assertThat(fabricToken.getAudience()).containsExactly("https://api.fabric.microsoft.com");
		assertThat(fabricToken.getClaims()).containsEntry("scp", "Lakehouse.Execute.All")
			.containsEntry("oid", emulator.users().user("alice@contoso.test").oid());
		assertThat(fabric).containsKeys("refresh_token", "id_token");
		assertEntraError(notConsented.body(), "invalid_grant", 65001);
		assertThat(revoked.statusCode()).isEqualTo(400);
		assertEntraError(revoked.body(), "invalid_grant", 50173);
	}

	@Test
	void moreGroupsThanTheLimitGiveTheOverageFormInIdAndAccessTokens(EntraEmulator emulator) throws Exception {
		emulator.users().groupOverageLimit(2);
		emulator.users().signInAs("carol@contoso.test");
		Map<String, Object> tokens = parse(redeem(emulator, callbackParameters(authorize(emulator,
				Map.of("scope", "openid profile User.Read"))).get("code"), null, REDIRECT).body());
		emulator.users().groupOverageForm(GroupOverageForm.HAS_GROUPS);
		Map<String, Object> hasGroups = parse(redeem(emulator, callbackParameters(authorize(emulator,
				Map.of("scope", "openid profile User.Read"))).get("code"), null, REDIRECT).body());

		JWTClaimsSet id = emulator.verify((String) tokens.get("id_token"));
		assertThat(id.getClaims()).doesNotContainKey("groups").containsEntry("_claim_names", Map.of("groups", "src1"));
		assertThat(id.getJSONObjectClaim("_claim_sources")).containsKey("src1");
		assertThat(emulator.verify((String) tokens.get("access_token")).getClaims()).doesNotContainKey("groups")
			.containsKey("_claim_names");
		assertThat(emulator.verify((String) hasGroups.get("id_token")).getClaims()).doesNotContainKeys("groups",
				"_claim_names").containsEntry("hasgroups", true);
		assertThat(emulator.verify((String) tokens.get("access_token")).getAudience()).containsExactly("https://graph.microsoft.com");
	}

	@Test
	void graphListsTheSignedInUsersGroupsInPagesAndChecksTheBearer(EntraEmulator emulator) throws Exception {
		emulator.users().graphPageSize(2);
		String graphToken = emulator.users().mintAccessToken("carol@contoso.test", "web-app", "User.Read", Duration.ofMinutes(5));
		String fabricToken = emulator.users().mintAccessToken("carol@contoso.test", "web-app", FABRIC_SCOPE, Duration.ofMinutes(5));
		String appToken = emulator.mintAccessToken("web-app", "https://graph.microsoft.com/.default", Duration.ofMinutes(5));

		Map<String, Object> me = parse(get(emulator.graphBaseUrl() + "/me", bearer(graphToken)).body());
		Map<String, Object> firstPage = parse(get(emulator.graphBaseUrl() + "/me/memberOf", bearer(graphToken)).body());
		Map<String, Object> secondPage = parse(get((String) firstPage.get("@odata.nextLink"), bearer(graphToken)).body());
		HttpResponse<String> wrongAudience = get(emulator.graphBaseUrl() + "/me/memberOf", bearer(fabricToken));
		HttpResponse<String> appOnly = get(emulator.graphBaseUrl() + "/me", bearer(appToken));
		HttpResponse<String> anonymous = get(emulator.graphBaseUrl() + "/me", Map.of());

		assertThat(me).containsEntry("id", emulator.users().user("carol@contoso.test").oid())
			.containsEntry("userPrincipalName", "carol@contoso.test");
		assertThat(ids(firstPage)).containsExactly(ADMINS, EDITORS);
		assertThat((String) firstPage.get("@odata.nextLink")).startsWith(emulator.graphBaseUrl() + "/me/memberOf?");
		assertThat(ids(secondPage)).containsExactly(VIEWERS);
		assertThat(secondPage).doesNotContainKey("@odata.nextLink");
		assertThat(wrongAudience.statusCode()).isEqualTo(401);
		assertThat(appOnly.statusCode()).isEqualTo(400);
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void onBehalfOfExchangesAUsersApiTokenForAnotherResourceKeepingTheUser(EntraEmulator emulator) throws Exception {
		String userToken = emulator.users().mintAccessToken("bob@contoso.test", "web-app", "api://orders-api/Orders.Read",
				Duration.ofMinutes(5));
		String foreignToken = emulator.users().mintAccessToken("bob@contoso.test", "web-app", "api://other-api/Read",
				Duration.ofMinutes(5));

		HttpResponse<String> exchanged = post(emulator, form(Map.of("grant_type", UserFlows.JWT_BEARER_GRANT,
				"requested_token_use", "on_behalf_of", "assertion", userToken, "scope", FABRIC_SCOPE, "client_id",
				"orders-api", "client_secret", "api-secret")));
		HttpResponse<String> foreign = post(emulator, form(Map.of("grant_type", UserFlows.JWT_BEARER_GRANT,
				"requested_token_use", "on_behalf_of", "assertion", foreignToken, "scope", FABRIC_SCOPE, "client_id",
				"orders-api", "client_secret", "api-secret")));

		assertThat(exchanged.statusCode()).isEqualTo(200);
		JWTClaimsSet token = emulator.verify((String) parse(exchanged.body()).get("access_token"));
		assertThat(token.getAudience()).containsExactly("https://api.fabric.microsoft.com");
		assertThat(token.getClaims()).containsEntry("oid", emulator.users().user("bob@contoso.test").oid())
			.containsEntry("azp", "orders-api").containsEntry("scp", "Lakehouse.Execute.All")
			.containsEntry("groups", List.of(VIEWERS));
		assertEntraError(foreign.body(), "invalid_grant", 50013);
		assertThat(emulator.requests()).extracting(RecordedRequest::kind).contains("on_behalf_of");
	}

	@Test
	void openidConfigurationAdvertisesTheEndpointsOfTheCodeFlow(EntraEmulator emulator) throws Exception {
		Map<String, Object> configuration = parse(get(emulator.issuer() + "/.well-known/openid-configuration", Map.of()).body());

		assertThat(configuration).containsEntry("authorization_endpoint", emulator.authorizationEndpoint())
			.containsEntry("token_endpoint", emulator.tokenEndpoint())
			.containsEntry("jwks_uri", emulator.httpsJwksUrl())
			.containsEntry("end_session_endpoint", emulator.endSessionEndpoint())
			.containsEntry("userinfo_endpoint", emulator.httpsBaseUrl() + "/oidc/userinfo");
		assertThat(configuration.get("grant_types_supported")).asList().contains("authorization_code", "refresh_token");
		assertThat(configuration.get("code_challenge_methods_supported")).asList().contains("S256");
	}

	@Test
	void endSessionRedirectsToThePostLogoutUri(EntraEmulator emulator) throws Exception {
		HttpResponse<String> logout = get(emulator.endSessionEndpoint() + "?post_logout_redirect_uri="
				+ URLEncoder.encode("http://localhost:8080/", StandardCharsets.UTF_8), Map.of());

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location")).hasValue("http://localhost:8080/");
	}

	private static HttpResponse<String> authorize(EntraEmulator emulator, Map<String, String> extra) throws Exception {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("client_id", "web-app");
		parameters.put("response_type", "code");
		parameters.put("redirect_uri", REDIRECT);
		parameters.putAll(extra);
		return get(emulator.authorizationEndpoint() + "?" + form(parameters), Map.of());
	}

	private static HttpResponse<String> redeem(EntraEmulator emulator, String code, @Nullable String verifier,
			String redirectUri) throws Exception {
		Map<String, String> parameters = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", redirectUri, "client_id", "web-app", "client_secret", "web-secret"));
		if (verifier != null) {
			parameters.put("code_verifier", verifier);
		}
		return post(emulator, form(parameters));
	}

	private static HttpResponse<String> refresh(String refreshToken, String scope) throws Exception {
		return post(entra.emulator(), form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "scope",
				scope, "client_id", "web-app", "client_secret", "web-secret")));
	}

	private static Map<String, String> callbackParameters(HttpResponse<String> redirect) {
		URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		assertThat(location.toString()).startsWith(REDIRECT);
		Map<String, String> parameters = new HashMap<>();
		for (String pair : location.getRawQuery().split("&")) {
			String[] nameValue = pair.split("=", 2);
			parameters.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
		}
		return parameters;
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("value")).stream().map((group) -> (String) group.get("id")).toList();
	}

	private static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	private static String verifier() {
		return UUID.randomUUID() + "-" + UUID.randomUUID();
	}

	private static String s256(String verifier) throws Exception {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(
				MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
	}

	private static String form(Map<String, String> parameters) {
		return parameters.entrySet().stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(EntraEmulator emulator, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.tokenEndpoint()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> parse(String body) {
		return json.readValue(body, new TypeReference<Map<String, Object>>() {
		});
	}

	private static void assertEntraError(String body, String error, int code) {
		Map<String, Object> parsed = parse(body);
		assertThat(parsed).containsEntry("error", error);
		assertThat((String) parsed.get("error_description")).startsWith("AADSTS" + code + ":");
	}

}
