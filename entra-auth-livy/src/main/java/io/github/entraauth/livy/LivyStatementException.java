package io.github.entraauth.livy;

import java.util.List;

/**
 * A statement whose code raised an error: Livy's {@code ename}, {@code evalue} and traceback.
 */
public class LivyStatementException extends LivyException {

	private final String statementId;

	private final String ename;

	private final String evalue;

	private final List<String> traceback;

	/**
	 * Creates an exception.
	 * @param statementId the statement id
	 * @param ename the error name, for example {@code AnalysisException}
	 * @param evalue the error message
	 * @param traceback the traceback lines
	 */
	public LivyStatementException(String statementId, String ename, String evalue, List<String> traceback) {
		super("Statement " + statementId + " failed: " + ename + ": " + evalue);
		this.statementId = statementId;
		this.ename = ename;
		this.evalue = evalue;
		this.traceback = List.copyOf(traceback);
	}

	/**
	 * The failed statement's id.
	 * @return the id
	 */
	public String getStatementId() {
		return this.statementId;
	}

	/**
	 * The error name.
	 * @return the name
	 */
	public String getEname() {
		return this.ename;
	}

	/**
	 * The error message.
	 * @return the message
	 */
	public String getEvalue() {
		return this.evalue;
	}

	/**
	 * The traceback lines.
	 * @return the lines
	 */
	public List<String> getTraceback() {
		return this.traceback;
	}

}
