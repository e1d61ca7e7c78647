package io.github.entraauth.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The sign-in's authorized clients (with their refresh tokens) in Redis, shared by every instance, encrypted; keyed
 * as Spring Security's JDBC service keys them, by registration id and principal name:
 * {@code <prefix>authorized-clients:<registration id>:<principal name>}.
 */
final class RedisOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

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
		return (T) this.clients.load(key(clientRegistrationId, principalName),
				this.registrations::findByRegistrationId);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		this.clients.save(key(authorizedClient.getClientRegistration().getRegistrationId(), principal.getName()),
				authorizedClient);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		this.clients.remove(key(clientRegistrationId, principalName));
	}

	private static String key(String registrationId, String principalName) {
		return "authorized-clients:" + registrationId + ":" + principalName;
	}

}
