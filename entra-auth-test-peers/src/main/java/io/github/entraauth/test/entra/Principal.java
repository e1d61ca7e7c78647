package io.github.entraauth.test.entra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A service principal known to the emulator: an app registration with one kind of credential, or a managed
 * identity.
 */
final class Principal {

	enum Kind {

		SECRET, CERTIFICATE, FEDERATED, MANAGED_IDENTITY,

		/** Only ever used by {@link EntraEmulator#mintAccessToken}, such as the signed-in user of a fake az. */
		MINTED

	}

	private final String clientId;

	private final Kind kind;

	private final List<String> roles;

	private final String oid;

	private final AtomicInteger generation = new AtomicInteger();

	private final @Nullable String secret;

	private final @Nullable String certificateThumbprint;

	private final @Nullable RSAPublicKey certificateKey;

	private final @Nullable String federatedSubject;

	private Principal(String clientId, Kind kind, String oid, List<String> roles, @Nullable String secret,
			@Nullable String certificateThumbprint, @Nullable RSAPublicKey certificateKey,
			@Nullable String federatedSubject) {
		this.clientId = clientId;
		this.kind = kind;
		this.oid = oid;
		this.roles = List.copyOf(roles);
		this.secret = secret;
		this.certificateThumbprint = certificateThumbprint;
		this.certificateKey = certificateKey;
		this.federatedSubject = federatedSubject;
	}

	static Principal withSecret(String clientId, String secret, List<String> roles) {
		return new Principal(clientId, Kind.SECRET, newOid(), roles, secret, null, null, null);
	}

	static Principal withCertificate(String clientId, Tls.SelfSigned certificate, List<String> roles) {
		return new Principal(clientId, Kind.CERTIFICATE, newOid(), roles, null, certificate.sha256Thumbprint(),
				(RSAPublicKey) certificate.keyPair().getPublic(), null);
	}

	static Principal federated(String clientId, String subject, List<String> roles) {
		return new Principal(clientId, Kind.FEDERATED, newOid(), roles, null, null, null, subject);
	}

	static Principal managedIdentity(String clientId, List<String> roles) {
		return new Principal(clientId, Kind.MANAGED_IDENTITY, newOid(), roles, null, null, null, null);
	}

	static Principal minted(String clientId) {
		return new Principal(clientId, Kind.MINTED, newOid(), List.of(), null, null, null, null);
	}

	/** The same principal with the object id of the one it replaces: re-registering keeps the identity. */
	Principal replacing(Principal previous) {
		return new Principal(this.clientId, this.kind, previous.oid, this.roles, this.secret, this.certificateThumbprint,
				this.certificateKey, this.federatedSubject);
	}

	private static String newOid() {
		return UUID.randomUUID().toString();
	}

	String clientId() {
		return this.clientId;
	}

	Kind kind() {
		return this.kind;
	}

	List<String> roles() {
		return this.roles;
	}

	String oid() {
		return this.oid;
	}

	/** The oid for the next token: the stable oid, or a numbered variant when every token gets its own. */
	String nextOid(boolean perToken) {
		return perToken ? this.oid + "-g" + this.generation.incrementAndGet() : this.oid;
	}

	/** Compares in constant time so the emulator does not model a timing oracle. */
	boolean secretMatches(String candidate) {
		return this.secret != null && MessageDigest.isEqual(this.secret.getBytes(StandardCharsets.UTF_8),
				candidate.getBytes(StandardCharsets.UTF_8));
	}

	@Nullable String certificateThumbprint() {
		return this.certificateThumbprint;
	}

	@Nullable RSAPublicKey certificateKey() {
		return this.certificateKey;
	}

	@Nullable String federatedSubject() {
		return this.federatedSubject;
	}

	@Override
	public String toString() {
		return "Principal[" + this.kind + " " + this.clientId + "]";
	}

}
