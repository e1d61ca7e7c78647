package io.github.entraauth.livy.user;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * Authorizes a user's first client of one registration (the Livy one) by redeeming the refresh token of the
 * user's sign-in for that registration's scopes: Entra refresh tokens are valid for every resource the user
 * consented to. Later refreshes are Spring Security's own {@code RefreshTokenOAuth2AuthorizedClientProvider}'s.
 */
final class SignInRefreshTokenProvider implements OAuth2AuthorizedClientProvider {

	/** The context attribute with the sign-in's principal name (the context's principal is the user's key). */
	static final String SIGN_IN_NAME = SignInRefreshTokenProvider.class.getName() + ".SIGN_IN_NAME";

	private final String registrationId;

	private final String signInRegistrationId;

	private final OAuth2AuthorizedClientService signIns;

	private final OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> tokenClient;

	SignInRefreshTokenProvider(String registrationId, String signInRegistrationId, OAuth2AuthorizedClientService signIns,
			OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> tokenClient) {
		this.registrationId = registrationId;
		this.signInRegistrationId = signInRegistrationId;
		this.signIns = signIns;
		this.tokenClient = tokenClient;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		if (context.getAuthorizedClient() != null
				|| !this.registrationId.equals(context.getClientRegistration().getRegistrationId())) {
			return null;
		}
		String principal = context.getPrincipal().getName();
		String signInName = context.getAttribute(SIGN_IN_NAME);
		if (signInName == null) {
			return null;
		}
		OAuth2AuthorizedClient signIn = this.signIns.loadAuthorizedClient(this.signInRegistrationId, signInName);
		if (signIn == null || signIn.getRefreshToken() == null) {
			return null;
		}
		Set<String> scopes = context.getClientRegistration().getScopes();
		OAuth2AccessTokenResponse response;
		try {
			response = this.tokenClient.getTokenResponse(new OAuth2RefreshTokenGrantRequest(
					context.getClientRegistration(), signIn.getAccessToken(), signIn.getRefreshToken(), scopes));
		}
		catch (OAuth2AuthorizationException ex) {
			throw new ClientAuthorizationException(ex.getError(), this.registrationId, ex);
		}
		return new OAuth2AuthorizedClient(context.getClientRegistration(), principal, response.getAccessToken(),
				response.getRefreshToken());
	}

}
