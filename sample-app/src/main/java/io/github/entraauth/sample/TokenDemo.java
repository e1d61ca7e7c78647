package io.github.entraauth.sample;

import com.azure.core.credential.AccessToken;
import io.github.entraauth.credential.EntraIdentities;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.token.AccessTokenClaims;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Obtains one token for the demo scope and describes it by its claims, never by its value.
 */
@Component
class TokenDemo {

	private final TokenManager tokens;

	TokenDemo(EntraIdentities identities, TokenManagers managers, @Value("${sample.token-scope}") String scope) {
		EntraIdentity identity = identities.defaultIdentity();
		this.tokens = managers.forIdentity(identity, scope);
	}

	String summary() {
		AccessToken token = this.tokens.token();
		AccessTokenClaims claims = AccessTokenClaims.parse(token.getToken());
		return String.format("Token for %s (%s): oid=%s tid=%s app=%s aud=%s expires=%s", this.tokens.scope(),
				this.tokens.identity(), claims.oid(), claims.tid(), claims.appId(), claims.audiences(),
				claims.expiresAt());
	}

}
