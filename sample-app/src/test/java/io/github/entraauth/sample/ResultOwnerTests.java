package io.github.entraauth.sample;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Whose results these are: the ID token's tid and oid, never the user name.
 */
class ResultOwnerTests {

	@Test
	void ownerIsTheTenantAndObjectIdNotTheUserName() {
		Authentication alice = signedIn(Map.of("tid", "tenant-1", "oid", "oid-1", "preferred_username", "a@x.test"));
		Authentication aliceRenamed = signedIn(
				Map.of("tid", "tenant-1", "oid", "oid-1", "preferred_username", "alice@x.test"));
		Authentication newAlice = signedIn(Map.of("tid", "tenant-1", "oid", "oid-2", "preferred_username", "a@x.test"));

		assertThat(ResultOwner.of(alice)).isEqualTo(new ResultOwner("tenant-1", "oid-1"))
			.isEqualTo(ResultOwner.of(aliceRenamed))
			.isNotEqualTo(ResultOwner.of(newAlice));
	}

	@Test
	void userWithoutObjectIdOrTenantHasNoOwner() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResultOwner.of(signedIn(Map.of("tid", "tenant-1", "preferred_username", "a@x.test"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResultOwner.of(signedIn(Map.of("oid", "oid-1", "preferred_username", "a@x.test"))));
	}

	@Test
	void userWhoDidNotSignInWithEntraHasNoOwner() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResultOwner.of(new TestingAuthenticationToken("a@x.test", "n/a")));
	}

	private static Authentication signedIn(Map<String, Object> claims) {
		Map<String, Object> all = new HashMap<>(claims);
		all.put("sub", "subject");
		OidcIdToken idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(60), all);
		DefaultOidcUser user = new DefaultOidcUser(List.of(), idToken, "sub");
		return new OAuth2AuthenticationToken(user, List.of(), "entra");
	}

}
