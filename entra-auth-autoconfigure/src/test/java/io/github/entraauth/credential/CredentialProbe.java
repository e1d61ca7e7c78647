package io.github.entraauth.credential;

import com.azure.core.credential.AccessToken;
import io.github.entraauth.token.AccessTokenClaims;
import io.github.entraauth.token.EntraTokenAutoConfiguration;
import io.github.entraauth.token.TokenManagers;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Runs in a child JVM: starts the starter's credential configuration from {@code --entra.*}
 * arguments and the process environment, obtains one token and prints its claims (never the
 * token) for the parent test to check.
 */
public final class CredentialProbe {

	private CredentialProbe() {
	}

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProbeConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args)) {
			EntraIdentity identity = context.getBean(EntraIdentities.class).defaultIdentity();
			String scope = context.getEnvironment().getRequiredProperty("probe.scope");
			AccessToken token = context.getBean(TokenManagers.class)
				.forIdentity(identity, scope)
				.token();
			AccessTokenClaims claims = AccessTokenClaims.parse(token.getToken());
			System.out.println("IDENTITY " + identity.description());
			System.out.println("CLAIMS oid=" + claims.oid() + " aud=" + claims.audiences() + " app=" + claims.appId());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, EntraCredentialAutoConfiguration.class,
			EntraTokenAutoConfiguration.class })
	static class ProbeConfiguration {

	}

}
