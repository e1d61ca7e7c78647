package io.github.entraauth.test.livy;

/**
 * Where the emulator runs {@code sql} statements instead of its built-in H2 database. An emulator loads the first
 * engine found with {@link java.util.ServiceLoader} (for example the real Spark SQL of
 * {@code entra-auth-test-spark}) unless one is set with {@link LivyEmulatorBuilder#sqlEngine(SqlEngine)} or H2 is
 * forced with {@link LivyEmulatorBuilder#h2Sql()}. The emulator closes the engine when it closes.
 */
public interface SqlEngine extends AutoCloseable {

	/**
	 * What the engine is, as shown by {@link LivyEmulator#sqlEngine()}.
	 * @return a short name, for example {@code spark}
	 */
	String name();

	/**
	 * Opens the engine side of one Livy session; called when the session is created and may return before the
	 * session is {@link Session#ready() ready}.
	 * @param rowCap the most rows a result carries, as Livy's {@code livy.rsc.sql.num-rows}
	 * @return the session
	 */
	Session openSession(int rowCap);

	@Override
	void close();

	/**
	 * The engine side of one Livy session: its own temporary views and SQL configuration.
	 */
	interface Session extends AutoCloseable {

		/**
		 * Whether the session has started; until then the Livy session is {@code starting}.
		 * @return true once statements can run
		 */
		boolean ready();

		/**
		 * Runs one {@code sql} statement, waiting for the session to start if needed.
		 * @param sql the statement
		 * @return Livy's {@code {schema, data}} output, or an error output with the engine's message
		 */
		StatementOutput execute(String sql);

		@Override
		void close();

	}

}
