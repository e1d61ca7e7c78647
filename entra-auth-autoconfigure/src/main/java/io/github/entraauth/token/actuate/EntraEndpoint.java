package io.github.entraauth.token.actuate;

import java.util.List;

import io.github.entraauth.token.TokenManagers;
import io.github.entraauth.token.TokenStatus;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code entra} Actuator endpoint: every scope in use, with its identity and token lifetime.
 * It lists no token and no secret.
 */
@Endpoint(id = "entra")
public class EntraEndpoint {

	private final TokenManagers managers;

	EntraEndpoint(TokenManagers managers) {
		this.managers = managers;
	}

	/**
	 * Describes every token scope in use.
	 * @return the description
	 */
	@ReadOperation
	public EntraDescriptor entra() {
		return new EntraDescriptor(this.managers.managers().stream().map((manager) -> manager.status()).toList());
	}

	/**
	 * What the endpoint returns.
	 *
	 * @param tokens the status of every token scope in use
	 */
	public record EntraDescriptor(List<TokenStatus> tokens) {

	}

}
