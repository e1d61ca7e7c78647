package io.github.entraauth.livy.user;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * Spring Security's view of the {@link UserLivyTokenStore} for the Livy registration only: the authorized-client
 * manager is asked with principal names that are {@link EntraUserId#key()}s, never user names.
 */
final class UserLivyAuthorizedClients implements OAuth2AuthorizedClientService {

	private final String registrationId;

	private final UserLivyTokenStore store;

	UserLivyAuthorizedClients(String registrationId, UserLivyTokenStore store) {
		this.registrationId = registrationId;
		this.store = store;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return this.registrationId.equals(clientRegistrationId)
				? (T) this.store.load(EntraUserId.ofKey(principalName)) : null;
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		this.store.save(EntraUserId.ofKey(principal.getName()), authorizedClient);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		if (this.registrationId.equals(clientRegistrationId)) {
			this.store.remove(EntraUserId.ofKey(principalName));
		}
	}

}
