package io.github.entraauth.livy.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The owner key of per-user Livy: tid and oid, never the user name; a pure unit. */
class EntraUserIdTests {

	@Test
	void usersWithTheSameNameButAnotherOidOrTenantAreOthers() {
		EntraUserId bob = EntraUserId.from(user("bob@contoso.test", "t1", "o1")).orElseThrow();
		assertThat(EntraUserId.from(user("bob@contoso.test", "t1", "o2"))).get().isNotEqualTo(bob);
		assertThat(EntraUserId.from(user("bob@contoso.test", "t2", "o1"))).get().isNotEqualTo(bob);
		assertThat(EntraUserId.from(user("someone-else", "t1", "o1"))).contains(bob);
	}

	@Test
	void theKeyRoundTripsAndCannotBeAmbiguous() {
		EntraUserId id = new EntraUserId("0b7c1f2e-1111-4222-8333-444455556666", "a1/b2");
		assertThat(EntraUserId.ofKey(id.key())).isEqualTo(id);
		assertThatIllegalArgumentException().isThrownBy(() -> new EntraUserId("t/1", "o"));
		assertThatIllegalArgumentException().isThrownBy(() -> EntraUserId.ofKey("no-slash"));
	}

	@Test
	void aPrincipalWithoutTidOrOidHasNoId() {
		DefaultOAuth2User noTid = new DefaultOAuth2User(List.of(), Map.of("name", "x", "oid", "o1"), "name");
		assertThat(EntraUserId.from(new OAuth2AuthenticationToken(noTid, List.of(), "entra"))).isEmpty();
	}

	private static OAuth2AuthenticationToken user(String name, String tid, String oid) {
		DefaultOAuth2User user = new DefaultOAuth2User(AuthorityUtils.createAuthorityList("ROLE_USER"),
				Map.of("preferred_username", name, "tid", tid, "oid", oid), "preferred_username");
		return new OAuth2AuthenticationToken(user, user.getAuthorities(), "entra");
	}

}
