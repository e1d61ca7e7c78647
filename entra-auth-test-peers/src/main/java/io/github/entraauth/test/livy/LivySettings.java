package io.github.entraauth.test.livy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The knobs of a Livy emulator: filled by {@link LivyEmulatorBuilder} before start, and changeable on the
 * running emulator, which reads them on every request.
 */
final class LivySettings {

	final LivyEmulator.Dialect dialect;

	volatile Clock clock = Clock.systemUTC();

	volatile String apacheVersion = "0.9.0-incubating";

	volatile boolean csrfProtection;

	volatile int sessionStartPolls = 2;

	volatile int statementPolls = 2;

	volatile int nullOutputPolls = 1;

	volatile int batchPolls = 2;

	volatile int sqlRowCap = 1000;

	volatile @Nullable Duration sessionIdleTimeout;

	volatile Duration listingDelay = Duration.ZERO;

	volatile @Nullable BearerValidator bearer;

	volatile @Nullable String basicCredentials;

	volatile @Nullable StatementExecutor statementExecutor;

	volatile @Nullable SqlEngine sqlEngine;

	volatile boolean detectSqlEngine = true;

	LivySettings(LivyEmulator.Dialect dialect) {
		this.dialect = dialect;
	}

	/** A copy, so that a builder started twice gives emulators that do not share knobs. */
	LivySettings copy() {
		LivySettings copy = new LivySettings(this.dialect);
		copy.clock = this.clock;
		copy.apacheVersion = this.apacheVersion;
		copy.csrfProtection = this.csrfProtection;
		copy.sessionStartPolls = this.sessionStartPolls;
		copy.statementPolls = this.statementPolls;
		copy.nullOutputPolls = this.nullOutputPolls;
		copy.batchPolls = this.batchPolls;
		copy.sqlRowCap = this.sqlRowCap;
		copy.sessionIdleTimeout = this.sessionIdleTimeout;
		copy.listingDelay = this.listingDelay;
		copy.bearer = this.bearer;
		copy.basicCredentials = this.basicCredentials;
		copy.statementExecutor = this.statementExecutor;
		copy.sqlEngine = this.sqlEngine;
		copy.detectSqlEngine = this.detectSqlEngine;
		return copy;
	}

	boolean fabric() {
		return this.dialect == LivyEmulator.Dialect.FABRIC;
	}

	void basic(String username, String password) {
		this.basicCredentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
