package io.github.entraauth.test.livy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;
import io.github.entraauth.test.entra.EmulatorSecrets;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link LivyEmulator} before it starts; each method sets the knob of the emulator method with
 * the same name.
 */
public final class LivyEmulatorBuilder {

	private final LivySettings settings;

	LivyEmulatorBuilder(LivyEmulator.Dialect dialect) {
		this.settings = new LivySettings(dialect);
	}

	/**
	 * See {@link LivyEmulator#apacheVersion(String)}.
	 * @param version the emulated Apache Livy version
	 * @return this builder
	 */
	public LivyEmulatorBuilder apacheVersion(String version) {
		this.settings.apacheVersion = version;
		return this;
	}

	/**
	 * See {@link LivyEmulator#csrfProtection(boolean)}.
	 * @param enabled whether to require {@code X-Requested-By}
	 * @return this builder
	 */
	public LivyEmulatorBuilder csrfProtection(boolean enabled) {
		this.settings.csrfProtection = enabled;
		return this;
	}

	/**
	 * See {@link LivyEmulator#sessionStartPolls(int)}.
	 * @param polls the number of polls
	 * @return this builder
	 */
	public LivyEmulatorBuilder sessionStartPolls(int polls) {
		this.settings.sessionStartPolls = polls;
		return this;
	}

	/**
	 * See {@link LivyEmulator#statementPolls(int, int)}.
	 * @param polls polls before {@code available}
	 * @param nullOutputPolls {@code available} polls with a {@code null} output
	 * @return this builder
	 */
	public LivyEmulatorBuilder statementPolls(int polls, int nullOutputPolls) {
		this.settings.statementPolls = polls;
		this.settings.nullOutputPolls = nullOutputPolls;
		return this;
	}

	/**
	 * See {@link LivyEmulator#batchPolls(int)}.
	 * @param polls the number of polls
	 * @return this builder
	 */
	public LivyEmulatorBuilder batchPolls(int polls) {
		this.settings.batchPolls = polls;
		return this;
	}

	/**
	 * See {@link LivyEmulator#sqlRowCap(int)}.
	 * @param rows the cap
	 * @return this builder
	 */
	public LivyEmulatorBuilder sqlRowCap(int rows) {
		this.settings.sqlRowCap = rows;
		return this;
	}

	/**
	 * See {@link LivyEmulator#sessionIdleTimeout(Duration)}.
	 * @param timeout the idle timeout, or {@code null} for none
	 * @return this builder
	 */
	public LivyEmulatorBuilder sessionIdleTimeout(@Nullable Duration timeout) {
		this.settings.sessionIdleTimeout = timeout;
		return this;
	}

	/**
	 * See {@link LivyEmulator#clock(Clock)}.
	 * @param clock the clock
	 * @return this builder
	 */
	public LivyEmulatorBuilder clock(Clock clock) {
		this.settings.clock = clock;
		return this;
	}

	/**
	 * See {@link LivyEmulator#requireBearer(JWKSet, String, String)}.
	 * @param keys the signing keys
	 * @param issuer the expected issuer
	 * @param audience the expected audience
	 * @return this builder
	 */
	public LivyEmulatorBuilder requireBearer(JWKSet keys, String issuer, String audience) {
		this.settings.bearer = BearerValidator.of(keys, issuer, audience);
		return this;
	}

	/**
	 * See {@link LivyEmulator#requireBasic(String, String)}.
	 * @param username the user name
	 * @param password the password
	 * @return this builder
	 */
	public LivyEmulatorBuilder requireBasic(String username, String password) {
		EmulatorSecrets.add(password);
		this.settings.basic(username, password);
		return this;
	}

	/**
	 * See {@link LivyEmulator#statementExecutor(StatementExecutor)}.
	 * @param executor the executor
	 * @return this builder
	 */
	public LivyEmulatorBuilder statementExecutor(StatementExecutor executor) {
		this.settings.statementExecutor = executor;
		return this;
	}

	/**
	 * Runs {@code sql} statements on the given engine instead of H2 or the engine found on the classpath; the
	 * emulator closes it.
	 * @param engine the engine
	 * @return this builder
	 */
	public LivyEmulatorBuilder sqlEngine(SqlEngine engine) {
		this.settings.sqlEngine = engine;
		return this;
	}

	/**
	 * Runs {@code sql} statements on the built-in H2 database even when a {@link SqlEngine} is on the
	 * classpath.
	 * @return this builder
	 */
	public LivyEmulatorBuilder h2Sql() {
		this.settings.sqlEngine = null;
		this.settings.detectSqlEngine = false;
		return this;
	}

	/**
	 * Starts the emulator.
	 * @return the running emulator
	 */
	public LivyEmulator start() {
		try {
			return new LivyEmulator(this.settings.copy());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the Livy emulator", ex);
		}
	}

}
