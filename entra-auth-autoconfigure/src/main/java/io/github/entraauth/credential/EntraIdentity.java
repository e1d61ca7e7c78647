package io.github.entraauth.credential;

import java.util.function.Supplier;

import com.azure.core.credential.TokenCredential;
import org.jspecify.annotations.Nullable;

/**
 * A credential together with a description of whose identity it is. The starter's identities create their
 * credential on first use: until then no azure class is loaded, so an application whose start needs no token
 * does not pay for loading and verifying the signed azure jars.
 * <p>
 * Two identities are equal when they hold, or will create, the same credential.
 */
public final class EntraIdentity {

	/** The credential, or the supplier that creates it: what makes two identities the same. */
	private final Object source;

	private final Supplier<EntraIdentity> resolver;

	private volatile @Nullable EntraIdentity resolved;

	private final @Nullable TokenCredential credential;

	private final @Nullable String description;

	/**
	 * An identity for a credential that already exists.
	 * @param credential the credential
	 * @param description a description without secrets, for example
	 * {@code client-secret (client 1234, tenant contoso)}
	 */
	public EntraIdentity(TokenCredential credential, String description) {
		this.source = credential;
		this.credential = credential;
		this.description = description;
		this.resolver = () -> this;
		this.resolved = this;
	}

	private EntraIdentity(Supplier<EntraIdentity> resolver, @Nullable String description) {
		this.source = resolver;
		this.credential = null;
		this.description = description;
		this.resolver = resolver;
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
		return (own != null) ? own : resolved().credential();
	}

	/**
	 * A description of the identity, without secrets.
	 * @return the description
	 */
	public String description() {
		String own = this.description;
		return (own != null) ? own : resolved().description();
	}

	private EntraIdentity resolved() {
		EntraIdentity identity = this.resolved;
		if (identity == null) {
			synchronized (this) {
				identity = this.resolved;
				if (identity == null) {
					identity = this.resolver.get();
					this.resolved = identity;
				}
			}
		}
		return identity;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof EntraIdentity identity && identity.source == this.source;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this.source);
	}

	@Override
	public String toString() {
		return (this.description != null) ? this.description : "EntraIdentity (created on first use)";
	}

}
