package io.github.entraauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessTokenClaimsTests {

	@Test
	void readsV2ClaimsFromUnpaddedPayload() {
		String payload = "{\"oid\":\"o-1\",\"tid\":\"t-1\",\"aud\":\"https://redis.azure.com\",\"azp\":\"app-1\",\"iat\":1700000000,\"exp\":1700003600,\"roles\":[\"a\"]}";
		AccessTokenClaims claims = AccessTokenClaims.parse(jwt(payload, false));
		assertThat(claims.oid()).isEqualTo("o-1");
		assertThat(claims.tid()).isEqualTo("t-1");
		assertThat(claims.audiences()).containsExactly("https://redis.azure.com");
		assertThat(claims.appId()).isEqualTo("app-1");
		assertThat(claims.issuedAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
		assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(1700003600));
	}

	@Test
	void readsV1AppIdAndAudienceArrayFromPaddedPayload() {
		// lengths chosen so that base64 needs padding
		String payload = "{\"appid\":\"app-2\",\"aud\":[\"api://a\",\"api://b\"],\"x\":12}";
		assertThat(Base64.getUrlEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))).endsWith("=");
		AccessTokenClaims claims = AccessTokenClaims.parse(jwt(payload, true));
		assertThat(claims.appId()).isEqualTo("app-2");
		assertThat(claims.audiences()).containsExactly("api://a", "api://b");
		assertThat(claims.oid()).isNull();
	}

	@Test
	void rejectsMalformedTokensWithoutEchoingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessTokenClaims.parse("not-a-jwt"))
			.withMessageContaining("not a JWT")
			.withMessageNotContaining("not-a-jwt");
		assertThatIllegalArgumentException().isThrownBy(() -> AccessTokenClaims.parse("a.%%%.c"))
			.withMessageContaining("base64url");
		String notJson = Base64.getUrlEncoder().withoutPadding().encodeToString("secret-ish".getBytes(StandardCharsets.UTF_8));
		assertThatIllegalArgumentException().isThrownBy(() -> AccessTokenClaims.parse("h." + notJson + ".s"))
			.withMessageContaining("JSON")
			.withMessageNotContaining("secret-ish");
	}

	@Test
	void redactionRemovesJwtShapedText() {
		String token = jwt("{\"oid\":\"o\"}", false);
		assertThat(Redaction.redact("rejected " + token + " by server")).isEqualTo("rejected [REDACTED] by server");
	}

	private static String jwt(String payload, boolean padded) {
		Base64.Encoder encoder = padded ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
		return "eyJhbGciOiJSUzI1NiJ9." + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
	}

}
