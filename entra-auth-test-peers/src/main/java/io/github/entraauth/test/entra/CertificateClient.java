package io.github.entraauth.test.entra;

import java.nio.file.Path;

/**
 * A client registered with a certificate, with the credential files azure-identity's
 * {@code ClientCertificateCredentialBuilder} accepts.
 *
 * @param clientId the application (client) id
 * @param pemFile the certificate followed by its PKCS#8 private key, for {@code pemCertificate(...)}
 * @param pfxFile the same key and certificate as a PKCS12 file, for {@code pfxCertificate(...)}
 * @param pfxPassword the password of {@code pfxFile}, for {@code clientCertificatePassword(...)}
 */
public record CertificateClient(String clientId, Path pemFile, Path pfxFile, String pfxPassword) {

	/** Leaves out the PFX password. */
	@Override
	public String toString() {
		return "CertificateClient[clientId=" + this.clientId + ", pemFile=" + this.pemFile + ", pfxFile="
				+ this.pfxFile + "]";
	}

}
