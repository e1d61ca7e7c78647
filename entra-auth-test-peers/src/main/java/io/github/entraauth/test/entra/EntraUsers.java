package io.github.entraauth.test.entra;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The users of an {@link EntraEmulator} and how their delegated tokens look: who signs in, which redirect URIs an
 * application accepts, group overage, Graph paging, refresh-token revocation. Reached through
 * {@link EntraEmulator#users()}.
 */
public final class EntraUsers {

	static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

	private final EntraEmulator emulator;

	private final UserTokens tokens;

	private final Map<String, EntraUser> users = new ConcurrentHashMap<>();

	private final Map<String, String> homeTenants = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> redirectUris = new ConcurrentHashMap<>();

	private final Map<String, UserGrant> refreshTokens = new ConcurrentHashMap<>();

	private volatile @Nullable String signedInUser;

	private volatile int groupOverageLimit = 200;

	private volatile GroupOverageForm groupOverageForm = GroupOverageForm.CLAIM_SOURCES;

	private volatile int graphPageSize = 100;

	EntraUsers(EntraEmulator emulator) {
		this.emulator = emulator;
		this.tokens = new UserTokens(emulator, this);
	}

	/**
	 * Registers a user who can sign in through the authorization endpoint, with a display name taken from the part
	 * of the username before {@code @}. Registering a username again replaces its groups but keeps its oid.
	 * @param username the user principal name, such as {@code alice@contoso.test}
	 * @param groupIds object ids of the groups the user is a member of
	 * @return the registered user
	 */
	public EntraUser register(String username, String... groupIds) {
		int at = username.indexOf('@');
		return register(username, (at > 0) ? username.substring(0, at) : username, List.of(groupIds), List.of());
	}

	/**
	 * Registers a user who can sign in through the authorization endpoint. Registering a username again replaces
	 * its name, groups and roles but keeps its oid.
	 * @param username the user principal name, such as {@code alice@contoso.test}
	 * @param displayName the {@code name} claim
	 * @param groupIds object ids of the groups the user is a member of
	 * @param appRoles app role values assigned to the user, in the {@code roles} claim
	 * @return the registered user
	 */
	public EntraUser register(String username, String displayName, List<String> groupIds, List<String> appRoles) {
		Objects.requireNonNull(username, "username");
		return this.users.compute(username.toLowerCase(Locale.ROOT), (key, previous) -> new EntraUser(username,
				(previous != null) ? previous.oid() : UUID.randomUUID().toString(), displayName, groupIds, appRoles));
	}

	/**
	 * Gives a username to a new person, as a directory does when a user principal name is reused: the same
	 * username, groups and roles, but a new oid from now on.
	 * @param username a registered user
	 * @return the user who now has the username
	 */
	public EntraUser reassign(String username) {
		EntraUser previous = user(username);
		EntraUser next = new EntraUser(previous.username(), UUID.randomUUID().toString(), previous.displayName(),
				previous.groups(), previous.appRoles());
		this.users.put(previous.username().toLowerCase(Locale.ROOT), next);
		return next;
	}

	/**
	 * A registered user.
	 * @param username the user principal name, case-insensitive
	 * @return the user
	 * @throws IllegalArgumentException when no such user is registered
	 */
	public EntraUser user(String username) {
		EntraUser user = find(username);
		if (user == null) {
			throw new IllegalArgumentException("No user registered with username " + username);
		}
		return user;
	}

	/**
	 * Makes a registered user a member of another directory, as a user signing in to a multi-tenant app through the
	 * organizations or common authority (which the emulator also serves) is: the user's ID and access tokens carry
	 * that tid and that tenant's issuer, still signed with the emulator's keys.
	 * @param username a registered user
	 * @param tenantId the user's home tenant id
	 * @return these users
	 */
	public EntraUsers homeTenant(String username, String tenantId) {
		if (!TENANT_ID.matcher(tenantId).matches()) {
			throw new IllegalArgumentException("Tenant id must be letters, digits, dots and dashes: " + tenantId);
		}
		this.homeTenants.put(user(username).username().toLowerCase(Locale.ROOT), tenantId);
		return this;
	}

	/** The tenant whose tid and issuer the user's tokens carry: the emulator's own unless moved. */
	String tenantOf(EntraUser user) {
		return this.homeTenants.getOrDefault(user.username().toLowerCase(Locale.ROOT), this.emulator.tenantId());
	}

	String issuerOf(EntraUser user) {
		return this.emulator.httpsBaseUrl() + "/" + tenantOf(user) + "/v2.0";
	}

	/**
	 * Chooses who the authorization endpoint signs in from now on, without showing a page; a {@code login_hint}
	 * parameter still wins. With none chosen (the default) and no {@code login_hint}, the endpoint answers an HTML
	 * page with one link per registered user (or, for {@code prompt=none}, the error {@code login_required}).
	 * @param username a registered user, or {@code null} for nobody
	 * @return these users
	 */
	public EntraUsers signInAs(@Nullable String username) {
		this.signedInUser = (username != null) ? user(username).username() : null;
		return this;
	}

	/**
	 * Registers a redirect URI of an application. An application without registered redirect URIs accepts any
	 * {@code http(s)://localhost} or {@code http(s)://127.0.0.1} URI, whatever the port.
	 * @param clientId a registered application
	 * @param redirectUri the exact redirect URI
	 * @return these users
	 */
	public EntraUsers registerRedirectUri(String clientId, String redirectUri) {
		Objects.requireNonNull(redirectUri, "redirectUri");
		this.redirectUris.computeIfAbsent(clientId, (id) -> ConcurrentHashMap.newKeySet()).add(redirectUri);
		return this;
	}

	/**
	 * Sets how many groups fit in a token; a user with more gets the {@linkplain #groupOverageForm overage form}
	 * instead of the {@code groups} claim, as Entra does above 200 groups in a JWT.
	 * @param limit the largest number of groups written into tokens, 200 by default
	 * @return these users
	 */
	public EntraUsers groupOverageLimit(int limit) {
		if (limit < 0) {
			throw new IllegalArgumentException("Group overage limit must not be negative, was " + limit);
		}
		this.groupOverageLimit = limit;
		return this;
	}

	/**
	 * Sets how group overage is signalled.
	 * @param form {@link GroupOverageForm#CLAIM_SOURCES} by default
	 * @return these users
	 */
	public EntraUsers groupOverageForm(GroupOverageForm form) {
		this.groupOverageForm = Objects.requireNonNull(form, "form");
		return this;
	}

	/**
	 * Sets how many groups one page of Graph {@code /v1.0/me/memberOf} holds when the request has no
	 * {@code $top}; further pages are linked by {@code @odata.nextLink}.
	 * @param size 1 to 999, 100 by default as in Graph
	 * @return these users
	 */
	public EntraUsers graphPageSize(int size) {
		if (size < 1 || size > 999) {
			throw new IllegalArgumentException("Graph page size must be 1 to 999, was " + size);
		}
		this.graphPageSize = size;
		return this;
	}

	/**
	 * Revokes every refresh token issued to a user, as a password reset or "revoke sessions" does.
	 * @param username a registered user
	 * @return these users
	 */
	public EntraUsers revokeRefreshTokens(String username) {
		String oid = user(username).oid();
		this.refreshTokens.values().removeIf((grant) -> grant.user().oid().equals(oid));
		return this;
	}

	/**
	 * Mints a delegated access token for a user directly, as if {@code clientId} had obtained it through the
	 * authorization code flow: {@code scp}, {@code oid}, {@code groups} (or the overage form) and {@code roles}.
	 * Listeners are notified; {@link EntraEmulator#tokensIssued()} is not incremented.
	 * @param username a registered user
	 * @param clientId the {@code azp} claim
	 * @param scope space-separated scopes of one resource, such as {@code api://my-api/Orders.Read}; bare names
	 * such as {@code User.Read} are Graph permissions
	 * @param lifetime time until {@code exp}
	 * @return the signed JWT
	 */
	public String mintAccessToken(String username, String clientId, String scope, Duration lifetime) {
		EntraUser user = user(username);
		List<String> scopes = Scopes.splitScopes(scope);
		String resource = Scopes.firstResource(scopes);
		IssuedToken token = this.tokens.userAccessToken(user, clientId, resource,
				Scopes.permissionsOf(scopes, resource), lifetime);
		this.emulator.tokens().notifyListeners(token);
		return token.jwt();
	}

	@Nullable EntraUser find(String username) {
		return this.users.get(username.toLowerCase(Locale.ROOT));
	}

	@Nullable EntraUser userWithOid(@Nullable Object oid) {
		return this.users.values().stream().filter((user) -> user.oid().equals(oid)).findFirst().orElse(null);
	}

	List<EntraUser> sorted() {
		return this.users.values().stream().sorted(Comparator.comparing(EntraUser::username)).toList();
	}

	@Nullable String signedIn() {
		return this.signedInUser;
	}

	int overageLimit() {
		return this.groupOverageLimit;
	}

	GroupOverageForm overageForm() {
		return this.groupOverageForm;
	}

	int pageSize() {
		return this.graphPageSize;
	}

	Map<String, UserGrant> refreshTokens() {
		return this.refreshTokens;
	}

	UserTokens tokens() {
		return this.tokens;
	}

	/** Registered redirect URIs, or any loopback URI for a client that registered none. */
	boolean redirectUriAllowed(String clientId, String redirectUri) {
		Set<String> registered = this.redirectUris.get(clientId);
		if (registered != null && !registered.isEmpty()) {
			return registered.contains(redirectUri);
		}
		try {
			URI uri = URI.create(redirectUri);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
					&& ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
