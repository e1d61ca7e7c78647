package io.github.entraauth.credential;

import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.token.RenewableTokenCredential;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A credential whose azure-identity credential is built on the first token request. Building one
 * (MSAL, azure-core's HTTP client, an SSL context) costs a few hundred milliseconds of context
 * start, which an application that never asks for a token, or asks later, should not pay.
 * <p>
 * Renewing builds a new azure-identity credential: each one owns a private in-memory MSAL cache,
 * so the new one asks Entra ID while the old one would still answer from its cache.
 */
final class DeferredTokenCredential implements RenewableTokenCredential {

	private final Supplier<TokenCredential> builder;

	private volatile @Nullable TokenCredential credential;

	DeferredTokenCredential(Supplier<TokenCredential> builder) {
		this.builder = builder;
	}

	@Override
	public Mono<AccessToken> getToken(TokenRequestContext request) {
		return credential().getToken(request);
	}

	@Override
	public AccessToken getTokenSync(TokenRequestContext request) {
		return credential().getTokenSync(request);
	}

	/** The new credential replaces the old one only once it has obtained a token. */
	@Override
	public AccessToken renewTokenSync(TokenRequestContext request) {
		TokenCredential renewed = this.builder.get();
		AccessToken token = renewed.getTokenSync(request);
		synchronized (this) {
			this.credential = renewed;
		}
		return token;
	}

	/** Builds once; a failed build is not remembered, so the next request tries again. */
	TokenCredential credential() {
		TokenCredential built = this.credential;
		if (built == null) {
			synchronized (this) {
				built = this.credential;
				if (built == null) {
					built = this.builder.get();
					this.credential = built;
				}
			}
		}
		return built;
	}

}
