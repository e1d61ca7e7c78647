package io.github.entraauth.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * The sign-in's authorized clients (with their refresh tokens) in Redis, shared by every instance, encrypted, under
 * the user's tenant id and object id, which are never reassigned: {@code <prefix>authorized-clients:<registration
 * id>:<tid>/<oid>}. Spring Security looks clients up by principal name, so the name is an index to those ids
 * ({@code <prefix>authorized-clients:names:<registration id>:<name>}), rewritten at every sign-in. A principal
 * without tid and oid claims is stored under its name.
 */
final class RedisOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

	private static final String PREFIX = "authorized-clients:";

	private final RedisAuthorizedClients clients;

	private final ClientRegistrationRepository registrations;

	RedisOAuth2AuthorizedClientService(RedisAuthorizedClients clients, ClientRegistrationRepository registrations) {
		this.clients = clients;
		this.registrations = registrations;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return (T) this.clients.load(userKey(clientRegistrationId, principalName),
				this.registrations::findByRegistrationId);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		String registrationId = authorizedClient.getClientRegistration().getRegistrationId();
		String user = entraUser(principal);
		if (user == null) {
			this.clients.save(PREFIX + registrationId + ":name:" + principal.getName(), authorizedClient);
			return;
		}
		this.clients.redis().opsForValue().set(nameKey(registrationId, principal.getName()), user);
		this.clients.save(PREFIX + registrationId + ":" + user, authorizedClient);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		this.clients.remove(userKey(clientRegistrationId, principalName));
		this.clients.redis().delete(nameKey(clientRegistrationId, principalName));
	}

	/** The key of the tokens, after the store's prefix, of the user a name was last signed in as. */
	private String userKey(String registrationId, String principalName) {
		String user = this.clients.redis().opsForValue().get(nameKey(registrationId, principalName));
		return PREFIX + registrationId + ((user != null) ? ":" + user : ":name:" + principalName);
	}

	private String nameKey(String registrationId, String principalName) {
		return this.clients.keyPrefix() + PREFIX + "names:" + registrationId + ":" + principalName;
	}

	private static @Nullable String entraUser(Authentication principal) {
		if (principal.getPrincipal() instanceof OAuth2AuthenticatedPrincipal user) {
			Object tid = user.getAttribute("tid");
			Object oid = user.getAttribute("oid");
			if (tid != null && oid != null && !tid.toString().isBlank() && !oid.toString().isBlank()) {
				return tid + "/" + oid;
			}
		}
		return null;
	}

}
