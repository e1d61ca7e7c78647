package io.github.entraauth.credential;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Identities created on first use: decided once, a failed attempt not remembered, the description available without
 * deciding, and equal exactly when they share their credential.
 */
class EntraIdentityTests {

	private final TokenCredential credential = (request) -> Mono
		.just(new AccessToken("t", OffsetDateTime.now().plusHours(1)));

	@Test
	void anIdentityCreatedOnFirstUseIsDecidedOnceWhenFirstUsed() {
		AtomicInteger decided = new AtomicInteger();
		EntraIdentity identity = EntraIdentity.onFirstUse(counting(decided), null);
		assertThat(decided).hasValue(0);
		assertThat(identity.credential()).isSameAs(this.credential);
		assertThat(identity.description()).isEqualTo("decided");
		assertThat(identity.credential()).isSameAs(this.credential);
		assertThat(decided).hasValue(1);
	}

	@Test
	void aKnownDescriptionDoesNotDecideTheIdentity() {
		AtomicInteger decided = new AtomicInteger();
		EntraIdentity identity = EntraIdentity.onFirstUse(counting(decided), "client-secret (client app, tenant contoso)");
		assertThat(identity.description()).isEqualTo("client-secret (client app, tenant contoso)");
		assertThat(identity).hasToString("client-secret (client app, tenant contoso)");
		assertThat(decided).hasValue(0);
	}

	@Test
	void aFailedDecisionIsTriedAgainOnTheNextUseAndDescribedMeanwhile() {
		AtomicInteger attempts = new AtomicInteger();
		EntraIdentity identity = EntraIdentity.onFirstUse(() -> {
			if (attempts.incrementAndGet() <= 2) {
				throw new IllegalStateException("no credential yet");
			}
			return new EntraIdentity(this.credential, "decided");
		}, null);
		assertThat(identity.description()).isEqualTo("identity not decided (IllegalStateException)");
		assertThatIllegalStateException().isThrownBy(identity::credential).withMessage("no credential yet");
		assertThat(identity.credential()).isSameAs(this.credential);
		assertThat(identity.description()).isEqualTo("decided");
		assertThat(attempts).hasValue(3);
	}

	@Test
	void identitiesAreEqualExactlyWhenTheyShareTheirCredential() {
		EntraIdentity one = new EntraIdentity(this.credential, "one");
		assertThat(new EntraIdentity(this.credential, "another description")).isEqualTo(one).hasSameHashCodeAs(one);
		assertThat(new EntraIdentity((request) -> Mono.empty(), "one")).isNotEqualTo(one);
		EntraIdentity deferred = EntraIdentity.onFirstUse(() -> one, "one");
		assertThat(deferred).isEqualTo(deferred).isNotEqualTo(one);
		assertThat(EntraIdentity.onFirstUse(() -> one, "one")).isNotEqualTo(deferred);
	}

	private Supplier<EntraIdentity> counting(AtomicInteger decided) {
		return () -> {
			decided.incrementAndGet();
			return new EntraIdentity(this.credential, "decided");
		};
	}

}
