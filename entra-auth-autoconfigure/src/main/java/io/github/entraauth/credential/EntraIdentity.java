package io.github.entraauth.credential;

import com.azure.core.credential.TokenCredential;

/**
 * A credential together with a description of whose identity it is.
 *
 * @param credential the credential
 * @param description a description without secrets, for example
 * {@code client-secret (client 1234, tenant contoso)}
 */
public record EntraIdentity(TokenCredential credential, String description) {

}
