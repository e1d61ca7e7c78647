package io.github.entraauth.credential;

import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.token.RenewableTokenCredential;

/**
 * A deferred credential whose source issues a new token whenever asked (client secret, client
 * certificate, workload identity, and the default chain that usually resolves to one of them).
 * Renewing builds a new azure-identity credential: each owns a private in-memory MSAL cache, so
 * the new one asks Entra ID while the old one would still answer from its cache.
 */
final class RenewableDeferredTokenCredential extends DeferredTokenCredential implements RenewableTokenCredential {

	RenewableDeferredTokenCredential(Supplier<TokenCredential> builder) {
		super(builder);
	}

	/** The new credential replaces the old one only once it has obtained a token. */
	@Override
	public AccessToken renewTokenSync(TokenRequestContext request) {
		TokenCredential renewed = buildAnother();
		AccessToken token = renewed.getTokenSync(request);
		replace(renewed);
		return token;
	}

}
