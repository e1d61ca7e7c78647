package io.github.entraauth.test.entra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of delegated flows: user access tokens ({@code scp}, pairwise {@code sub}, groups or the overage form,
 * roles), ID tokens and the token response body.
 */
final class UserTokens {

	private final EntraEmulator emulator;

	private final EntraUsers users;

	UserTokens(EntraEmulator emulator, EntraUsers users) {
		this.emulator = emulator;
		this.users = users;
	}

	IssuedToken userAccessToken(EntraUser user, String clientId, String resource, List<String> permissions,
			Duration lifetime) {
		Instant now = Instant.now();
		Instant expiresAt = now.plus(lifetime);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.users.issuerOf(user))
			.audience(resource)
			.subject(pairwiseSubject(user, resource))
			.claim("oid", user.oid())
			.claim("tid", this.users.tenantOf(user))
			.claim("azp", clientId)
			.claim("azpacr", "1")
			.claim("name", user.displayName())
			.claim("preferred_username", user.username())
			.claim("upn", user.username())
			.claim("scp", String.join(" ", permissions.isEmpty() ? List.of("user_impersonation") : permissions))
			.claim("idtyp", "user")
			.claim("ver", "2.0")
			.claim("uti", Base64URL.encode(UUID.randomUUID().toString()).toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(expiresAt));
		groupClaims(user, claims);
		String jwt = this.emulator.tokens().sign(claims.build());
		return new IssuedToken(clientId, user.oid(), resource, jwt, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
	}

	String idToken(EntraUser user, String clientId, @Nullable String nonce, String accessToken,
			List<String> scopes) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.users.issuerOf(user))
			.audience(clientId)
			.subject(pairwiseSubject(user, clientId))
			.claim("oid", user.oid())
			.claim("tid", this.users.tenantOf(user))
			.claim("ver", "2.0")
			.claim("at_hash", atHash(accessToken))
			.claim("uti", Base64URL.encode(UUID.randomUUID().toString()).toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.emulator.tokens().lifetime())));
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		if (scopes.contains("profile")) {
			claims.claim("name", user.displayName()).claim("preferred_username", user.username());
		}
		if (scopes.contains("email")) {
			claims.claim("email", user.username());
		}
		groupClaims(user, claims);
		return this.emulator.tokens().sign(claims.build());
	}

	/** Groups as Entra writes them: the ids, or the overage form when there are more than the limit. */
	void groupClaims(EntraUser user, JWTClaimsSet.Builder claims) {
		if (!user.appRoles().isEmpty()) {
			claims.claim("roles", user.appRoles());
		}
		if (user.groups().isEmpty()) {
			return;
		}
		if (user.groups().size() <= this.users.overageLimit()) {
			claims.claim("groups", user.groups());
		}
		else if (this.users.overageForm() == GroupOverageForm.HAS_GROUPS) {
			claims.claim("hasgroups", true);
		}
		else {
			claims.claim("_claim_names", Map.of("groups", "src1"));
			claims.claim("_claim_sources", Map.of("src1", Map.of("endpoint", "https://graph.windows.net/"
					+ this.emulator.tenantId() + "/users/" + user.oid() + "/getMemberObjects")));
		}
	}

	static Map<String, Object> tokenBody(IssuedToken token, String scope) {
		long expiresIn = Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_type", "Bearer");
		body.put("scope", scope);
		body.put("expires_in", expiresIn);
		body.put("ext_expires_in", expiresIn);
		body.put("access_token", token.jwt());
		return body;
	}

	/** Entra's {@code sub} is pairwise: the same user has a different subject per application. */
	static String pairwiseSubject(EntraUser user, String audience) {
		return Base64URL.encode(sha256(user.oid() + ":" + audience)).toString();
	}

	static String atHash(String accessToken) {
		byte[] digest = sha256(accessToken);
		return Base64URL.encode(Arrays.copyOf(digest, digest.length / 2)).toString();
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
