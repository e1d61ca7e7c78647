package io.github.entraauth.credential;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The application's default identity ({@code entra.credential.*}), used by every integration
 * that has no override of its own.
 */
@ConfigurationProperties("entra.credential")
public class EntraCredentialProperties extends CredentialProperties {

}
