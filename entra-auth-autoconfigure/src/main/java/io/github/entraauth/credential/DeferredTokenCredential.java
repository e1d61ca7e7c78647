package io.github.entraauth.credential;

import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A credential whose azure-identity credential is built on the first token request. Building one
 * (MSAL, azure-core's HTTP client, an SSL context) costs a few hundred milliseconds of context
 * start, which an application that never asks for a token, or asks later, should not pay.
 */
class DeferredTokenCredential implements TokenCredential {

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

	/** Builds another credential from the same settings, without replacing the current one. */
	TokenCredential buildAnother() {
		return this.builder.get();
	}

	synchronized void replace(TokenCredential renewed) {
		this.credential = renewed;
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
