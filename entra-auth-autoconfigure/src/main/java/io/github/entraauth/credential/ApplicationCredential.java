package io.github.entraauth.credential;

import com.azure.core.credential.TokenCredential;

import org.springframework.beans.factory.ListableBeanFactory;

/** The application's own {@link TokenCredential} bean, which wins over {@code entra.credential.*} when there is one. */
final class ApplicationCredential {

	private ApplicationCredential() {
	}

	static EntraIdentity identity(ListableBeanFactory beanFactory, EntraIdentity configured) {
		TokenCredential own = beanFactory.getBeanProvider(TokenCredential.class).getIfAvailable();
		return (own != null)
				? new EntraIdentity(own, "application TokenCredential bean (" + own.getClass().getSimpleName() + ")")
				: configured;
	}

}
