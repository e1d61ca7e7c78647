package io.github.entraauth.benchmarks;

import java.util.concurrent.TimeUnit;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.entraauth.credential.EntraIdentity;
import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.token.RefreshSettings;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 1: reading the cached token. {@link TokenManager#token()} against
 * {@link TokenCredential#getTokenSync} on a warm azure-identity client-secret credential (whose
 * MSAL cache answers without a request), both backed by the Entra emulator with one-hour tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenReadBenchmark {

	static final String SCOPE = "api://bench-token-read/.default";

	private EntraEmulator emulator;

	private TokenManagers managers;

	private TokenManager manager;

	private TokenCredential credential;

	private TokenRequestContext request;

	@Setup
	public void start() {
		this.emulator = EntraEmulator.start();
		this.credential = EmulatorCredentials.clientSecret(this.emulator);
		this.request = new TokenRequestContext().addScopes(SCOPE);
		this.managers = new TokenManagers(RefreshSettings.DEFAULTS);
		this.manager = this.managers.forIdentity(
				new EntraIdentity(EmulatorCredentials.clientSecret(this.emulator), "bench"),
				SCOPE);
		this.manager.token();
		this.credential.getTokenSync(this.request);
		int issued = this.emulator.tokensIssued();
		this.emulator.resetCounters();
		if (issued != 2) {
			throw new IllegalStateException("Expected 2 warm-up tokens, the emulator issued " + issued);
		}
	}

	@TearDown
	public void stop() {
		int issued = this.emulator.tokensIssued();
		this.managers.close();
		this.emulator.close();
		// both sides must have been answered from their caches, or this measured the network
		if (issued != 0) {
			throw new IllegalStateException(issued + " tokens were requested while reading cached tokens");
		}
	}

	@Benchmark
	public AccessToken tokenManager() {
		return this.manager.token();
	}

	@Benchmark
	public AccessToken azureIdentityGetTokenSync() {
		return this.credential.getTokenSync(this.request);
	}

}
