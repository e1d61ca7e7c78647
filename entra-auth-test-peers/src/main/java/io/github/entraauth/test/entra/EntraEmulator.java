package io.github.entraauth.test.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Microsoft Entra ID emulator that real azure-identity credentials (client secret, client
 * certificate, workload identity, managed identity, Azure CLI through {@link FakeAzureCli}) obtain signed
 * access tokens from.
 * <p>
 * It listens on two loopback ports chosen by the OS: HTTPS (the authority host, because azure-identity and MSAL
 * refuse plain HTTP) with a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, and plain HTTP
 * (managed identity endpoints, and JWKS for peers such as Kafka brokers). Both serve every endpoint.
 * <p>
 * Besides issuing tokens it records requests, counts issued tokens, notifies {@link TokenIssuedListener
 * listeners} and injects faults (failures, latency, outages, dropped connections). Secrets, assertions and
 * tokens are never logged or recorded.
 */
public final class EntraEmulator implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EntraEmulator.class);

	static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

	/** Where a "Kubernetes" service-account token is said to come from; only the emulator checks it. */
	static final String FEDERATION_ISSUER = "https://kubernetes.default.svc.cluster.local";

	static final String FEDERATION_AUDIENCE = "api://AzureADTokenExchange";

	private final String tenantId;

	private final EmulatorFiles files;

	private final TokenIssuer tokens;

	private final SSLContext clientSslContext;

	private final Path trustCertificatePem;

	private final Path trustStorePkcs12;

	private final TokenSigner federationSigner;

	private final Principals principals = new Principals();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final Faults faults = new Faults();

	private final ManagedIdentities managedIdentities = new ManagedIdentities(this, this.principals);

	private final EntraUsers users = new EntraUsers(this);

	private final UserFlows userFlows = new UserFlows(this, this.users);

	private final GraphEndpoints graph = new GraphEndpoints(this, this.users);

	private final EmulatorServers servers;

	private final AtomicBoolean closed = new AtomicBoolean();

	EntraEmulator(EntraEmulatorBuilder builder) throws IOException {
		this.tenantId = builder.tenantId;
		this.files = new EmulatorFiles();
		// RSA key generation dominates start-up, so the three keys are generated in parallel
		CompletableFuture<Tls.SelfSigned> tlsKey = CompletableFuture.supplyAsync(Tls::serverCertificate);
		CompletableFuture<TokenSigner> federationKey = CompletableFuture.supplyAsync(() -> new TokenSigner("kubernetes"));
		this.tokens = new TokenIssuer(this.tenantId, this::issuer, builder.tokenLifetime, builder.oidPerToken);
		this.federationSigner = federationKey.join();
		Tls.SelfSigned tlsIdentity = tlsKey.join();
		this.clientSslContext = Tls.trustingContext(tlsIdentity.certificate());
		this.trustCertificatePem = this.files.write("emulator-tls.pem", Tls.certificatePem(tlsIdentity.certificate()));
		this.trustStorePkcs12 = this.files.write("emulator-truststore.p12", Tls.trustStore(tlsIdentity.certificate()),
				Tls.TRUST_STORE_PASSWORD.toCharArray());
		this.servers = new EmulatorServers(tlsIdentity, new EmulatorHandler(this));
		logger.info("Entra emulator for tenant {} listening on {} and {}", this.tenantId, httpsBaseUrl(),
				httpBaseUrl());
	}

	/**
	 * Starts an emulator with a random tenant id and one-hour tokens.
	 * @return the running emulator
	 */
	public static EntraEmulator start() {
		return builder().start();
	}

	/**
	 * A builder to choose the tenant id or token lifetime before starting.
	 * @return a new builder
	 */
	public static EntraEmulatorBuilder builder() {
		return new EntraEmulatorBuilder();
	}

	/**
	 * The tenant id, in the token endpoint path and every token's {@code tid} claim.
	 * @return the tenant id
	 */
	public String tenantId() {
		return this.tenantId;
	}

	/**
	 * The value for azure-identity's {@code authorityHost(...)}.
	 * @return {@code https://localhost:<https port>/}
	 */
	public String authorityHost() {
		return httpsBaseUrl() + "/";
	}

	/**
	 * The HTTPS base URL.
	 * @return {@code https://localhost:<https port>}
	 */
	public String httpsBaseUrl() {
		return "https://localhost:" + this.servers.httpsPort();
	}

	/**
	 * The plain HTTP base URL, serving the same endpoints as {@link #httpsBaseUrl()}.
	 * @return {@code http://localhost:<http port>}
	 */
	public String httpBaseUrl() {
		return "http://localhost:" + this.servers.httpPort();
	}

	/**
	 * The {@code iss} claim of every token.
	 * @return {@code https://localhost:<https port>/<tenant id>/v2.0}
	 */
	public String issuer() {
		return httpsBaseUrl() + "/" + this.tenantId + "/v2.0";
	}

	/**
	 * The JWKS URL on the plain HTTP port, for verifiers that are not given the emulator's certificate.
	 * @return {@code http://localhost:<http port>/<tenant id>/discovery/v2.0/keys}
	 */
	public String jwksUrl() {
		return httpBaseUrl() + jwksPath();
	}

	private String jwksPath() {
		return "/" + this.tenantId + "/discovery/v2.0/keys";
	}

	/**
	 * The token endpoint, which is also the {@code aud} a client assertion must carry.
	 * @return {@code https://localhost:<https port>/<tenant id>/oauth2/v2.0/token}
	 */
	public String tokenEndpoint() {
		return httpsBaseUrl() + "/" + this.tenantId + "/oauth2/v2.0/token";
	}

	/**
	 * An SSL context that trusts the emulator's certificate, for example for
	 * {@code java.net.http.HttpClient.newBuilder().sslContext(...)}.
	 * @return the trusting SSL context
	 */
	public SSLContext sslContext() {
		return this.clientSslContext;
	}

	/**
	 * The emulator's TLS certificate as a PEM file, for example for
	 * {@code spring.ssl.bundle.pem.<name>.truststore.certificate=file:<path>}.
	 * @return the PEM file, deleted on {@link #close()}
	 */
	public Path trustCertificatePem() {
		return this.trustCertificatePem;
	}

	/**
	 * The emulator's TLS certificate in a PKCS12 trust store with password {@code changeit}.
	 * @return the trust store file, deleted on {@link #close()}
	 */
	public Path trustStorePkcs12() {
		return this.trustStorePkcs12;
	}

	/**
	 * The public keys tokens are signed with, as served by the JWKS endpoint.
	 * @return the public JWK set
	 */
	public JWKSet publicJwks() {
		return this.tokens.publicJwks();
	}

	/**
	 * Verifies that a token was signed by this emulator (RS256) and has not expired.
	 * @param jwt the compact JWT
	 * @return its claims
	 * @throws IllegalArgumentException when the token is malformed, signed by another key or expired; the message
	 * never contains the token
	 */
	public JWTClaimsSet verify(String jwt) {
		return this.tokens.verify(jwt);
	}

	/**
	 * Registers an application that authenticates with a client secret. Registering a client id again replaces its
	 * credential and roles but keeps its oid; this holds for every {@code register...} method.
	 * @param clientId the application (client) id
	 * @param secret the client secret
	 * @param roles the app roles its tokens carry
	 */
	public void registerSecretClient(String clientId, String secret, String... roles) {
		EmulatorSecrets.add(secret);
		this.principals.register(Principal.withSecret(clientId, Objects.requireNonNull(secret, "secret"), List.of(roles)));
	}

	/**
	 * Registers an application that authenticates with a certificate, generating its RSA key and self-signed
	 * certificate.
	 * @param clientId the application (client) id
	 * @param roles the app roles its tokens carry
	 * @return the client with its PEM and PFX credential files
	 */
	public CertificateClient registerCertificateClient(String clientId, String... roles) {
		Tls.SelfSigned certificate = Tls.clientCertificate(clientId);
		String password = UUID.randomUUID().toString();
		EmulatorSecrets.add(password);
		String fileName = "client-" + UUID.randomUUID();
		try {
			Path pem = this.files.write(fileName + ".pem", Tls.certificateAndKeyPem(certificate));
			Path pfx = this.files.write(fileName + ".pfx", Tls.keyStore(certificate, password.toCharArray()),
					password.toCharArray());
			this.principals.register(Principal.withCertificate(clientId, certificate, List.of(roles)));
			return new CertificateClient(clientId, pem, pfx, password);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the certificate files of client " + clientId, ex);
		}
	}

	/**
	 * Registers an application with a federated identity credential (workload identity) that trusts the tokens
	 * of {@link #mintFederatedToken(String)} for the given subject.
	 * @param clientId the application (client) id
	 * @param subject the service account subject, such as {@code system:serviceaccount:ns:name}
	 * @param roles the app roles its tokens carry
	 */
	public void registerFederatedClient(String clientId, String subject, String... roles) {
		this.principals.register(Principal.federated(clientId, Objects.requireNonNull(subject, "subject"), List.of(roles)));
	}

	/**
	 * Mints a service-account token as a Kubernetes cluster would project it for workload identity, signed by a
	 * key the emulator trusts, valid for one hour.
	 * @param subject the {@code sub} claim
	 * @return the JWT, to write to the file {@code AZURE_FEDERATED_TOKEN_FILE} names
	 */
	public String mintFederatedToken(String subject) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(FEDERATION_ISSUER)
			.audience(FEDERATION_AUDIENCE)
			.subject(subject)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.build();
		return this.federationSigner.sign(claims);
	}

	/**
	 * The managed identities: registration, the system-assigned identity and the App Service and IMDS endpoints.
	 * @return the managed identities
	 */
	public ManagedIdentities managedIdentities() {
		return this.managedIdentities;
	}

	/**
	 * Mints an access token directly, for a fake {@code az} or negative tests. Listeners are notified, so peers
	 * that provision per-token state accept it, but {@link #tokensIssued()} is not incremented because no token
	 * response was sent. A client id that was never registered gets a stable oid and no roles.
	 * @param clientId the {@code azp} claim
	 * @param audience the {@code aud} claim, such as {@code api://kafka-test}; a {@code /.default} suffix is removed
	 * @param lifetime time until {@code exp}; zero or negative mints an expired token
	 * @return the signed JWT
	 */
	public String mintAccessToken(String clientId, String audience, Duration lifetime) {
		Principal principal = this.principals.getOrMint(clientId);
		IssuedToken token = this.tokens.mint(principal, Scopes.stripDefaultSuffix(audience), lifetime, "2");
		this.tokens.notifyListeners(token);
		return token.jwt();
	}

	/**
	 * The stable object id of a registered principal (without the per-token suffix of {@link #oidPerToken}).
	 * @param clientId a registered client id
	 * @return its object id
	 * @throws IllegalArgumentException when the client id is not registered
	 */
	public String oidOf(String clientId) {
		Principal principal = this.principals.get(clientId);
		if (principal == null) {
			throw new IllegalArgumentException("No principal registered with client id " + clientId);
		}
		return principal.oid();
	}

	/**
	 * The users who sign in through the authorization endpoint, and how their delegated tokens look.
	 * @return the users of this emulator
	 */
	public EntraUsers users() {
		return this.users;
	}

	/**
	 * The authorization endpoint of the authorization code flow.
	 * @return {@code https://localhost:<https port>/<tenant id>/oauth2/v2.0/authorize}
	 */
	public String authorizationEndpoint() {
		return httpsBaseUrl() + "/" + this.tenantId + "/oauth2/v2.0/authorize";
	}

	/**
	 * The end-session (sign-out) endpoint; it redirects to {@code post_logout_redirect_uri} when given.
	 * @return {@code https://localhost:<https port>/<tenant id>/oauth2/v2.0/logout}
	 */
	public String endSessionEndpoint() {
		return httpsBaseUrl() + "/" + this.tenantId + "/oauth2/v2.0/logout";
	}

	/**
	 * The base of the Microsoft Graph stand-in, serving {@code /me} and {@code /me/memberOf} to bearers of a
	 * delegated token for {@code https://graph.microsoft.com}.
	 * @return {@code https://localhost:<https port>/v1.0}
	 */
	public String graphBaseUrl() {
		return httpsBaseUrl() + "/v1.0";
	}

	/**
	 * The JWKS URL on the HTTPS port, as the OpenID configuration advertises it.
	 * @return {@code https://localhost:<https port>/<tenant id>/discovery/v2.0/keys}
	 */
	public String httpsJwksUrl() {
		return httpsBaseUrl() + jwksPath();
	}

	/**
	 * The {@code entra.credential.*} and SSL bundle properties that make the starter authenticate
	 * as a registered secret client against this emulator, for {@code @DynamicPropertySource} or a
	 * property source.
	 * @param clientId a client registered with {@link #registerSecretClient}
	 * @param secret its secret
	 * @return the properties, in a stable order
	 */
	public Map<String, String> starterProperties(String clientId, String secret) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("entra.credential.type", "client-secret");
		properties.put("entra.credential.tenant-id", tenantId());
		properties.put("entra.credential.client-id", clientId);
		properties.put("entra.credential.client-secret", secret);
		properties.put("entra.credential.authority-host", authorityHost());
		properties.put("entra.credential.instance-discovery", "false");
		properties.put("entra.credential.ssl-bundle", "entra-emulator");
		properties.put("spring.ssl.bundle.pem.entra-emulator.truststore.certificate", "file:" + trustCertificatePem());
		return properties;
	}

	/**
	 * Sets the lifetime of tokens issued from now on.
	 * @param lifetime a positive duration
	 */
	public void tokenLifetime(Duration lifetime) {
		this.tokens.lifetime(TokenIssuer.requirePositive(lifetime));
	}

	/**
	 * When enabled, every token gets its own oid, {@code <stable oid>-g<n>} with {@code n} counting 1, 2, 3...
	 * per client, so a test can tell which token a connection authenticated with.
	 * @param enabled whether each token gets its own oid
	 */
	public void oidPerToken(boolean enabled) {
		this.tokens.oidPerToken(enabled);
	}

	/**
	 * Adds a listener, called for every issued token before the HTTP response is written. If it throws, the token
	 * request fails with HTTP 500.
	 * @param listener the listener
	 */
	public void onTokenIssued(TokenIssuedListener listener) {
		this.tokens.addListener(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * The requests received so far, oldest first.
	 * @return an immutable snapshot
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The number of successful token responses from all endpoints.
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int tokensIssued() {
		return this.tokens.issued();
	}

	/**
	 * The number of successful token responses for one audience.
	 * @param audience the {@code aud} claim, such as {@code api://kafka-test}; a {@code /.default} suffix is
	 * removed
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int tokensIssued(String audience) {
		return this.tokens.issued(Scopes.stripDefaultSuffix(audience));
	}

	/**
	 * Resets the issued-token counters and clears the request log.
	 */
	public void resetCounters() {
		this.tokens.resetCounters();
		this.requests.clear();
	}

	/**
	 * Stops both servers and deletes the generated files. Closing again does nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.servers.stop();
		this.files.delete();
		logger.info("Entra emulator for tenant {} stopped", this.tenantId);
	}

	/**
	 * The faults injected into token responses: failures, latency, outages, dropped connections.
	 * @return the faults
	 */
	public Faults faults() {
		return this.faults;
	}

	@Nullable Principal principal(String clientId) {
		return this.principals.get(clientId);
	}

	Principal systemAssignedIdentity() {
		return this.principals.systemAssigned();
	}

	TokenSigner federationSigner() {
		return this.federationSigner;
	}

	void record(RecordedRequest request) {
		this.requests.add(request);
	}

	TokenIssuer tokens() {
		return this.tokens;
	}

	UserFlows userFlows() {
		return this.userFlows;
	}

	GraphEndpoints graph() {
		return this.graph;
	}

}
