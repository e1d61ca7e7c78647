package io.github.entraauth.credential;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The azure-identity credential is built on the first token request, once.
 */
class DeferredTokenCredentialTests {

	private final TokenRequestContext request = new TokenRequestContext().addScopes("https://redis.azure.com/.default");

	private final AtomicInteger builds = new AtomicInteger();

	private final TokenCredential real = (request) -> Mono
		.just(new AccessToken("token-for-" + request.getScopes().get(0), OffsetDateTime.now().plusHours(1)));

	@Test
	void buildsNothingUntilTheFirstTokenRequest() {
		new DeferredTokenCredential(this::build);
		assertThat(this.builds).hasValue(0);
	}

	@Test
	void buildsOnceAndAnswersAsyncAndSyncRequestsFromTheRealCredential() {
		DeferredTokenCredential credential = new DeferredTokenCredential(this::build);
		assertThat(credential.getTokenSync(this.request).getToken()).isEqualTo("token-for-https://redis.azure.com/.default");
		assertThat(credential.getToken(this.request).block().getToken())
			.isEqualTo("token-for-https://redis.azure.com/.default");
		assertThat(credential.credential()).isSameAs(this.real);
		assertThat(this.builds).hasValue(1);
	}

	@Test
	void aFailedBuildIsTriedAgainOnTheNextRequest() {
		DeferredTokenCredential credential = new DeferredTokenCredential(() -> {
			if (this.builds.incrementAndGet() == 1) {
				throw new IllegalStateException("first build fails");
			}
			return this.real;
		});
		assertThatIllegalStateException().isThrownBy(() -> credential.getTokenSync(this.request))
			.withMessage("first build fails");
		assertThat(credential.getTokenSync(this.request).getToken()).startsWith("token-for-");
		assertThat(this.builds).hasValue(2);
	}

	@Test
	void renewingBuildsAnotherCredentialAndKeepsItOnlyOnceItHasAToken() {
		AtomicInteger issued = new AtomicInteger();
		RenewableDeferredTokenCredential credential = new RenewableDeferredTokenCredential(() -> {
			int build = this.builds.incrementAndGet();
			if (build == 2) {
				return (request) -> Mono.error(new IllegalStateException("Entra ID unreachable"));
			}
			// each instance has its own cache: it answers with its own token
			String token = "instance-" + build + "-token-" + issued.incrementAndGet();
			return (request) -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
		});
		String first = credential.getTokenSync(this.request).getToken();
		TokenCredential original = credential.credential();
		assertThatIllegalStateException().isThrownBy(() -> credential.renewTokenSync(this.request))
			.withMessage("Entra ID unreachable");
		assertThat(credential.credential()).as("kept after a failed renewal").isSameAs(original);
		String renewed = credential.renewTokenSync(this.request).getToken();
		assertThat(renewed).isNotEqualTo(first).startsWith("instance-3");
		assertThat(credential.getTokenSync(this.request).getToken()).as("the renewed instance answers from now on")
			.startsWith("instance-3");
		assertThat(this.builds).hasValue(3);
	}

	private TokenCredential build() {
		this.builds.incrementAndGet();
		return this.real;
	}

}
