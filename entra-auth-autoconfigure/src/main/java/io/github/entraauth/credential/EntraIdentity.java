package io.github.entraauth.credential;

import java.util.Objects;
import java.util.function.Supplier;

import com.azure.core.credential.TokenCredential;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * A credential together with a description of whose identity it is. The starter's identities create their
 * credential on first use: until then no azure class is loaded, so an application whose start needs no token
 * does not pay for loading and verifying the signed azure jars.
 * <p>
 * Two identities are equal when they hold, or will create, the same credential.
 */
public final class EntraIdentity {

	/** The credential of an identity that has one from the start. */
	private final @Nullable TokenCredential credential;

	/** The identity this one stands for, decided on first use (Spring's supplier retries after a failure). */
	private final @Nullable SingletonSupplier<EntraIdentity> decided;

	private final @Nullable String description;

	/**
	 * An identity for a credential that already exists.
	 * @param credential the credential
	 * @param description a description without secrets, for example
	 * {@code client-secret (client 1234, tenant contoso)}
	 */
	public EntraIdentity(TokenCredential credential, String description) {
		this.credential = credential;
		this.decided = null;
		this.description = description;
	}

	private EntraIdentity(Supplier<EntraIdentity> resolver, @Nullable String description) {
		this.credential = null;
		this.decided = SingletonSupplier.of(resolver);
		this.description = description;
	}

	/**
	 * An identity decided on first use, by the supplier, once (a failed attempt is not remembered).
	 * @param resolver supplies the identity this one stands for
	 * @param description the description, when known before the identity is decided
	 * @return the identity
	 */
	static EntraIdentity onFirstUse(Supplier<EntraIdentity> resolver, @Nullable String description) {
		return new EntraIdentity(resolver, description);
	}

	/**
	 * The credential, created on the first call for an identity created on first use.
	 * @return the credential
	 */
	public TokenCredential credential() {
		TokenCredential own = this.credential;
		return (own != null) ? own : decided().credential();
	}

	/**
	 * A description of the identity, without secrets. Never fails: it describes failures too, where an identity
	 * that could not be decided is reported.
	 * @return the description
	 */
	public String description() {
		String own = this.description;
		if (own != null) {
			return own;
		}
		try {
			return decided().description();
		}
		catch (RuntimeException ex) {
			return "identity not decided (" + ex.getClass().getSimpleName() + ")";
		}
	}

	private EntraIdentity decided() {
		return Objects.requireNonNull(this.decided).obtain();
	}

	/** The credential, or what decides it: what makes two identities the same. */
	private Object source() {
		return (this.credential != null) ? this.credential : Objects.requireNonNull(this.decided);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof EntraIdentity identity && identity.source() == source();
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(source());
	}

	@Override
	public String toString() {
		return (this.description != null) ? this.description : "EntraIdentity (created on first use)";
	}

}
