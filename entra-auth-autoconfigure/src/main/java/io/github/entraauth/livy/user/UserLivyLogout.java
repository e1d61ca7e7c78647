package io.github.entraauth.livy.user;

import java.util.List;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionDestroyedEvent;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * Forgets a user's tokens when they log out (Spring Security's logout publishes a LogoutSuccessEvent) or their
 * HTTP session ends (a SessionDestroyedEvent, published when an HttpSessionEventPublisher or Spring Session is
 * in place): the Livy tokens in the {@link UserLivyTokenStore} and the sign-in's own authorized client, whose
 * refresh token would otherwise mint new Livy tokens. Session ownership records are kept: the sessions live on.
 */
final class UserLivyLogout implements SmartApplicationListener {

	private final UserLivyTokenStore tokens;

	private final OAuth2AuthorizedClientService signIns;

	private final String signInRegistrationId;

	UserLivyLogout(UserLivyTokenStore tokens, OAuth2AuthorizedClientService signIns, String signInRegistrationId) {
		this.tokens = tokens;
		this.signIns = signIns;
		this.signInRegistrationId = signInRegistrationId;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return LogoutSuccessEvent.class.isAssignableFrom(eventType)
				|| SessionDestroyedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof LogoutSuccessEvent logout) {
			forget(logout.getAuthentication());
		}
		else if (event instanceof SessionDestroyedEvent destroyed) {
			List<SecurityContext> contexts = destroyed.getSecurityContexts();
			contexts.stream().map(SecurityContext::getAuthentication).filter((user) -> user != null)
				.forEach(this::forget);
		}
	}

	private void forget(Authentication user) {
		EntraUserId.from(user).ifPresent((id) -> {
			this.tokens.remove(id);
			this.signIns.removeAuthorizedClient(this.signInRegistrationId, user.getName());
		});
	}

}
