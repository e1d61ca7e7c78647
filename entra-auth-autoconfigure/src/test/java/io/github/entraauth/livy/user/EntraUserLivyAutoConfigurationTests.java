package io.github.entraauth.livy.user;

import io.github.entraauth.config.EntraConfigurationException;
import io.github.entraauth.livy.autoconfigure.EntraLivyAutoConfiguration;
import io.github.entraauth.security.EntraWebSignInAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When per-user Livy is offered, what it adds to the sign-in registration, that its ownership and token stores
 * are replaceable beans, and its startup failures.
 */
class EntraUserLivyAutoConfigurationTests {

	private static final String LAKEHOUSE = "https://api.fabric.microsoft.com/Lakehouse.Execute.All";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, EntraLivyAutoConfiguration.class,
				EntraWebSignInAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
				EntraUserLivyAutoConfiguration.class))
		.withPropertyValues("entra.credential.tenant-id=0b7c1f2e-1111-4222-8333-444455556666",
				"entra.security.client-id=web-app", "entra.security.client-secret=web-secret",
				"entra.livy.auth=none", "entra.livy.session.keep-alive-interval=0", "entra.livy.session.idle-timeout=0");

	private final String livy = "entra.livy.base-url=http://localhost:8998";

	@Test
	void withLivyAndSignInUsersGetTheirOwnLivyAndConsentToItsScopesAtSignIn() {
		this.runner.withPropertyValues(this.livy).run((context) -> {
			assertThat(context).hasSingleBean(UserLivyServices.class);
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra").getScopes())
				.startsWith("openid", "profile", "email", "offline_access", "User.Read")
				.contains(LAKEHOUSE, "https://api.fabric.microsoft.com/Code.AccessFabric.All");
		});
	}

	@Test
	void ownershipAndTokenStoresAreInMemoryUnlessTheApplicationDefinesItsOwn() {
		this.runner.withPropertyValues(this.livy).run((context) -> {
			assertThat(context).getBean(UserLivySessionOwners.class).isInstanceOf(InMemoryUserLivySessionOwners.class);
			assertThat(context).getBean(UserLivyTokenStore.class).isInstanceOf(InMemoryUserLivyTokenStore.class);
			assertThat(context).hasSingleBean(UserLivyLogout.class);
		});
		UserLivySessionOwners owners = new InMemoryUserLivySessionOwners();
		UserLivyTokenStore tokens = new InMemoryUserLivyTokenStore();
		this.runner.withPropertyValues(this.livy)
			.withBean("sharedOwners", UserLivySessionOwners.class, () -> owners)
			.withBean("sharedTokens", UserLivyTokenStore.class, () -> tokens)
			.run((context) -> {
				assertThat(context).hasSingleBean(UserLivySessionOwners.class).hasBean("sharedOwners");
				assertThat(context).hasSingleBean(UserLivyTokenStore.class).hasBean("sharedTokens");
				assertThat(context).hasSingleBean(UserLivyServices.class);
			});
	}

	@Test
	void withoutLivyThereIsNoUserLivyAndNoFabricScopeAtSignIn() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(UserLivyServices.class);
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra").getScopes())
				.containsExactly("openid", "profile", "email", "offline_access", "User.Read");
		});
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues(this.livy, "entra.security.livy.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(UserLivyServices.class);
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra").getScopes())
				.doesNotContain(LAKEHOUSE);
		});
	}

	@Test
	void configuredScopesReplaceTheDefaults() {
		this.runner.withPropertyValues(this.livy, "entra.security.livy.scopes=" + LAKEHOUSE).run((context) -> {
			assertThat(context).hasSingleBean(UserLivyServices.class);
			assertThat(context.getBean(ClientRegistrationRepository.class).findByRegistrationId("entra").getScopes())
				.containsExactly("openid", "profile", "email", "offline_access", "User.Read", LAKEHOUSE);
		});
	}

	@Test
	void scopesOfTwoResourcesFailNamingTheProperty() {
		this.runner.withPropertyValues(this.livy, "entra.security.livy.scopes=" + LAKEHOUSE + ",api://other/Run")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.security.livy.scopes")
				.hasMessageContaining("more than one resource"));
	}

	@Test
	void emptyScopesFailNamingTheProperty() {
		this.runner.withPropertyValues(this.livy, "entra.security.livy.scopes=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.security.livy.scopes"));
	}

	@Test
	void anAdminRoleWithThePrefixFailsNamingTheProperty() {
		this.runner.withPropertyValues(this.livy, "entra.security.livy.admin-role=ROLE_ADMIN")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EntraConfigurationException.class)
				.hasMessageContaining("entra.security.livy.admin-role"));
	}

}
