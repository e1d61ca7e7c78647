package io.github.entraauth.test.entra;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.nimbusds.jwt.SignedJWT;

/**
 * Child JVM main: builds a credential that reads the real environment, gets one token and prints its claims as
 * {@code CLAIMS {json}} and its expiry as {@code EXPIRES_AT <epoch s>}. Never prints the token itself.
 * <p>
 * Arguments: {@code managed-identity|azure-cli|msal-managed-identity <scope> [<client id>]}; the last uses
 * MSAL4J's own managed-identity client ({@code ManagedIdentityApplication}) instead of azure-identity.
 */
public final class CredentialProbe {

	private CredentialProbe() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String scope = args[1];
		String clientId = (args.length > 2) ? args[2] : null;
		if (mode.equals("msal-managed-identity")) {
			IAuthenticationResult result = ManagedIdentityApplication
				.builder((clientId != null) ? ManagedIdentityId.userAssignedClientId(clientId)
						: ManagedIdentityId.systemAssigned())
				.build()
				.acquireTokenForManagedIdentity(ManagedIdentityParameters.builder(scope.replace("/.default", "")).build())
				.get();
			System.out.println("CLAIMS " + SignedJWT.parse(result.accessToken()).getJWTClaimsSet());
			System.out.println("EXPIRES_AT " + result.expiresOnDate().toInstant().getEpochSecond());
			return;
		}
		TokenCredential credential = switch (mode) {
			case "managed-identity" -> {
				ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
				if (clientId != null) {
					builder.clientId(clientId);
				}
				yield builder.build();
			}
			case "azure-cli" -> new AzureCliCredentialBuilder().build();
			default -> throw new IllegalArgumentException("Unknown mode " + mode);
		};
		AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
		System.out.println("CLAIMS " + SignedJWT.parse(token.getToken()).getJWTClaimsSet());
		System.out.println("EXPIRES_AT " + token.getExpiresAt().toEpochSecond());
	}

}
