package io.github.entraauth.test.livy;

/**
 * Executes the code of an emulated statement. The emulator's default runs {@code sql} on H2 and
 * answers other kinds from the responses scripted with
 * {@link LivyEmulator#script(String, String, StatementOutput)}.
 */
@FunctionalInterface
public interface StatementExecutor {

	/**
	 * Executes one statement.
	 * @param kind the statement kind ({@code spark}, {@code pyspark}, {@code sparkr} or {@code sql})
	 * @param code the code
	 * @return the output
	 */
	StatementOutput execute(String kind, String code);

}
