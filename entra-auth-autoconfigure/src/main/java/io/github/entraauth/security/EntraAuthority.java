package io.github.entraauth.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.credential.CredentialSettings;
import io.github.entraauth.credential.CredentialType;
import org.jspecify.annotations.Nullable;

/**
 * Where users sign in and which tenants' tokens are accepted, derived from the one identity model
 * ({@code entra.credential.tenant-id}, {@code authority-host}) and {@code entra.security.allowed-tenants}.
 *
 * @param host the authority host, https, without a trailing slash
 * @param tenant the tenant segment of the endpoints: a tenant id, or common/organizations for multi-tenant sign-in
 * @param allowedTenants the lower-case tenant GUIDs whose tokens are accepted (never empty)
 */
record EntraAuthority(String host, String tenant, Set<String> allowedTenants) {

	/** Tenants that stand for many directories; their tokens carry the signing-in user's own tenant. */
	private static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");

	/** The tid claim is always the directory's GUID, never a domain. */
	private static final Pattern GUID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Set<CredentialType> APP_ONLY = Set.of(CredentialType.CLIENT_SECRET,
			CredentialType.CLIENT_CERTIFICATE, CredentialType.WORKLOAD_IDENTITY);

	EntraAuthority {
		allowedTenants = Set.copyOf(allowedTenants);
	}

	/**
	 * Validates and maps the settings: single-tenant when no allow-list is given (the tenant id must then be a
	 * GUID), multi-tenant at the organizations authority (or common/organizations when that is the tenant id)
	 * when the allow-list names tenants other than the tenant id.
	 * @param credential entra.credential.* as a value
	 * @param allowedTenants entra.security.allowed-tenants
	 * @return the authority
	 * @throws EntraConfigurationException naming the property and the fix
	 */
	static EntraAuthority of(CredentialSettings credential, List<String> allowedTenants) {
		// the credential's own validator checks the shape of the tenant id and the https authority host
		credential.sharedKeys().validate("entra.credential");
		String host = trimSlashes((credential.authorityHost() != null) ? credential.authorityHost()
				: CredentialSettings.DEFAULT_AUTHORITY_HOST);
		Set<String> allowed = allowed(allowedTenants);
		String tenantId = credential.tenantId();
		if (tenantId == null) {
			if (allowed.isEmpty()) {
				throw new EntraConfigurationException("entra.credential.tenant-id", "is not set",
						"Set it to the directory (tenant) GUID of the app registration, or list the tenant GUIDs whose "
								+ "users may sign in in entra.security.allowed-tenants.");
			}
			return new EntraAuthority(host, "organizations", allowed);
		}
		if (MULTI_TENANT.contains(tenantId.toLowerCase(Locale.ROOT))) {
			return multiTenant(credential, host, tenantId, allowed);
		}
		String tenant = tenantId.toLowerCase(Locale.ROOT);
		if (allowed.isEmpty()) {
			if (!GUID.matcher(tenant).matches()) {
				throw new EntraConfigurationException("entra.credential.tenant-id",
						"'" + tenantId + "' is not a GUID, but tokens name their tenant by its GUID (the tid claim)",
						"Set it to the directory (tenant) GUID, or list that GUID in entra.security.allowed-tenants.");
			}
			return new EntraAuthority(host, tenant, Set.of(tenant));
		}
		return new EntraAuthority(host, allowed.equals(Set.of(tenant)) ? tenant : "organizations", allowed);
	}

	private static EntraAuthority multiTenant(CredentialSettings credential, String host, String tenantId,
			Set<String> allowed) {
		if (allowed.isEmpty()) {
			throw new EntraConfigurationException("entra.security.allowed-tenants",
					"is empty but entra.credential.tenant-id is '" + tenantId
							+ "', which would let users of any Entra tenant sign in and have their roles claim mapped",
					"List the tenant GUIDs whose users may sign in in entra.security.allowed-tenants, or set "
							+ "entra.credential.tenant-id to your directory's GUID for single-tenant sign-in.");
		}
		if (APP_ONLY.contains(credential.effectiveType())) {
			throw new EntraConfigurationException("entra.credential.tenant-id",
					"is '" + tenantId + "' but the application's own credential (type '"
							+ credential.effectiveType().value() + "') needs its home tenant to get tokens",
					"Set entra.credential.tenant-id to the app registration's tenant GUID; entra.security.allowed-tenants "
							+ "alone makes sign-in multi-tenant.");
		}
		return new EntraAuthority(host, tenantId.toLowerCase(Locale.ROOT), allowed);
	}

	private static Set<String> allowed(List<String> tenants) {
		Set<String> allowed = new LinkedHashSet<>();
		for (String tenant : tenants) {
			String id = tenant.trim().toLowerCase(Locale.ROOT);
			if (!GUID.matcher(id).matches()) {
				throw new EntraConfigurationException("entra.security.allowed-tenants",
						"'" + tenant + "' is not a tenant GUID; tokens name their tenant by GUID (the tid claim)",
						"List directory (tenant) GUIDs, as shown on the tenant's Overview page in the Entra admin center.");
			}
			allowed.add(id);
		}
		return allowed;
	}

	private static String trimSlashes(String host) {
		String trimmed = host.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	/** The base of the sign-in endpoints, {@code {host}/{tenant}}. */
	String tenantBase() {
		return this.host + "/" + this.tenant;
	}

	/** The issuer every ID token must have when exactly one tenant signs in at its own authority; else null. */
	@Nullable String pinnedIssuer() {
		return this.allowedTenants.contains(this.tenant) ? tenantBase() + "/v2.0" : null;
	}

	/** Entra's v2 issuer of a tenant, {@code {host}/{tid}/v2.0}. */
	String issuerOf(String tenantId) {
		return this.host + "/" + tenantId + "/v2.0";
	}

}
