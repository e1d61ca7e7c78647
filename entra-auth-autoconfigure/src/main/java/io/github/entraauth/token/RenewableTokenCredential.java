package io.github.entraauth.token;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

/**
 * A credential that can also obtain a token from Entra ID instead of from its own cache. MSAL
 * hands back its cached token while more than five minutes are left and azure-identity exposes no
 * way to skip that cache, so a {@link TokenManager} asks this when its credential answered a
 * refresh with the token already held.
 */
public interface RenewableTokenCredential extends TokenCredential {

	/**
	 * Obtains a token the credential's cache has not served before, where the source allows it
	 * (managed identity endpoints and the Azure CLI keep their own caches and may still return the
	 * same token).
	 * @param request the token request
	 * @return the token
	 */
	AccessToken renewTokenSync(TokenRequestContext request);

}
