package io.github.entraauth.test.entra;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed RSA certificates and the key stores, SSL contexts and PEM files built from them. Uses the JDK
 * providers only, so no security provider is registered JVM-wide. Public for the other local twins of the test
 * kit (the Kafka broker's SASL_SSL listener, the TLS mode of the Redis server); not meant for tests themselves.
 */
public final class Tls {

	/** The password of every store this class writes. */
	public static final String TRUST_STORE_PASSWORD = "changeit";

	private static final SecureRandom RANDOM = new SecureRandom();

	private Tls() {
	}

	/**
	 * An RSA key pair with a self-signed certificate for it.
	 * @param keyPair the key pair
	 * @param certificate the certificate of its public key
	 */
	public record SelfSigned(KeyPair keyPair, X509Certificate certificate) {

		/** Standard Base64 (with padding) of the SHA-256 of the DER certificate, as MSAL puts it in x5t#S256. */
		String sha256Thumbprint() {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.certificate.getEncoded());
				return Base64.getEncoder().encodeToString(digest);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot compute certificate thumbprint", ex);
			}
		}

	}

	/**
	 * A server certificate for {@code localhost} and {@code 127.0.0.1}.
	 * @return a new key pair and certificate
	 */
	public static SelfSigned serverCertificate() {
		return selfSigned("CN=localhost", true, false);
	}

	/**
	 * A certificate for {@code localhost} and {@code 127.0.0.1} that also serves as a client certificate, for
	 * servers that connect to each other with mutual TLS (the Redis cluster bus).
	 * @return a new key pair and certificate
	 */
	public static SelfSigned peerCertificate() {
		return selfSigned("CN=localhost", true, true);
	}

	/** A client certificate as an app registration would hold, for the given client id. */
	static SelfSigned clientCertificate(String clientId) {
		return selfSigned("CN=" + clientId, false, false);
	}

	private static SelfSigned selfSigned(String subject, boolean server, boolean peer) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, RANDOM);
			KeyPair keyPair = generator.generateKeyPair();
			X500Name name = new X500Name(subject);
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM),
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
					keyPair.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
			if (server) {
				builder.addExtension(Extension.extendedKeyUsage, false,
						peer ? new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth,
								KeyPurposeId.id_kp_clientAuth }) : new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
								new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
			}
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
			return new SelfSigned(keyPair, certificate);
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Cannot create a self-signed certificate", ex);
		}
	}

	/**
	 * A TLS context presenting the given identity, for a server socket.
	 * @param identity the key pair and certificate
	 * @return the context
	 */
	public static SSLContext serverContext(SelfSigned identity) {
		try {
			char[] password = TRUST_STORE_PASSWORD.toCharArray();
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore(identity, password), password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), null, RANDOM);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create the server SSL context", ex);
		}
	}

	/**
	 * A TLS context trusting only the given certificate, for a client socket.
	 * @param certificate the certificate to trust
	 * @return the context
	 */
	public static SSLContext trustingContext(X509Certificate certificate) {
		try {
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trustStore(certificate));
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustManagers.getTrustManagers(), RANDOM);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create the trusting SSL context", ex);
		}
	}

	/**
	 * A PKCS12 store holding the private key and certificate under the alias {@code key}.
	 * @param identity the key pair and certificate
	 * @param password the store and key password
	 * @return the store
	 */
	public static KeyStore keyStore(SelfSigned identity, char[] password) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("key", identity.keyPair().getPrivate(), password,
					new Certificate[] { identity.certificate() });
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot create a key store", ex);
		}
	}

	/**
	 * A PKCS12 store (password {@value #TRUST_STORE_PASSWORD}) trusting one certificate.
	 * @param certificate the certificate to trust
	 * @return the store
	 */
	public static KeyStore trustStore(X509Certificate certificate) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("entra-emulator", certificate);
			return store;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot create a trust store", ex);
		}
	}

	/**
	 * Writes a key or trust store.
	 * @param store the store
	 * @param password its password
	 * @param file where to write it
	 * @throws IOException if it cannot be written
	 */
	public static void writeKeyStore(KeyStore store, char[] password, Path file) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, password);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Cannot write key store " + file, ex);
		}
	}

	/**
	 * A certificate in PEM.
	 * @param certificate the certificate
	 * @return its PEM text
	 */
	public static String certificatePem(X509Certificate certificate) {
		try {
			return pem("CERTIFICATE", certificate.getEncoded());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encode certificate", ex);
		}
	}

	/** The certificate followed by the PKCS#8 private key, the layout azure-identity's PEM loader reads. */
	static String certificateAndKeyPem(SelfSigned identity) {
		return certificatePem(identity.certificate()) + pem("PRIVATE KEY", identity.keyPair().getPrivate().getEncoded());
	}

	/**
	 * A private key in unencrypted PKCS#8 PEM, as OpenSSL servers read it.
	 * @param identity the key pair and certificate
	 * @return the PEM text of the private key
	 */
	public static String privateKeyPem(SelfSigned identity) {
		return pem("PRIVATE KEY", identity.keyPair().getPrivate().getEncoded());
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

}
