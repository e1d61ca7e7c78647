package io.github.entraauth.livy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * A statement submitted to a {@link LivySession}.
 */
public final class Statement {

	private final LivySession session;

	private final String id;

	private final String kind;

	private final String code;

	private final Instant submittedAt;

	Statement(LivySession session, String id, String kind, String code, Instant submittedAt) {
		this.session = session;
		this.id = id;
		this.kind = kind;
		this.code = code;
		this.submittedAt = submittedAt;
	}

	/**
	 * The statement id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The statement kind.
	 * @return the kind
	 */
	public String kind() {
		return this.kind;
	}

	/**
	 * The submitted code.
	 * @return the code, empty for a handle made from an id
	 */
	public String code() {
		return this.code;
	}

	/**
	 * The current state, lower case ({@code waiting}, {@code running}, {@code available}, ...).
	 * @return the state
	 */
	public String state() {
		return LivyProtocol.state(fetch().get("state"));
	}

	/**
	 * Waits, at most {@link LivyPollPolicy#statementTimeout()}, for the result, polling fast at
	 * first and backing off to {@link LivyPollPolicy#maxInterval()}.
	 * @return the result
	 * @throws LivyStatementException if the code raised an error
	 * @throws LivyTimeoutException if it does not finish in time
	 */
	public StatementResult await() {
		return await(this.session.service().settings().poll().statementTimeout());
	}

	/**
	 * Waits for the result.
	 * @param timeout the longest wait
	 * @return the result
	 * @throws LivyStatementException if the code raised an error
	 */
	public StatementResult await(Duration timeout) {
		LivyService service = this.session.service();
		int rowCap = service.settings().sqlRowCap();
		try {
			StatementResult result = poll(service, rowCap, timeout);
			finished(service, result.state());
			return result;
		}
		catch (LivyStatementException ex) {
			finished(service, "error");
			throw ex;
		}
	}

	private void finished(LivyService service, String state) {
		service.client().listener().statementFinished(state, Duration.between(this.submittedAt, Instant.now()));
	}

	private StatementResult poll(LivyService service, int rowCap, Duration timeout) {
		return service.poll("statement " + this.id + " of session " + this.session.id(), timeout, () -> {
			this.session.touch();
			JsonNode statement = fetch();
			String state = LivyProtocol.state(statement.get("state"));
			JsonNode output = statement.get("output");
			boolean hasOutput = output != null && !output.isNull();
			return switch (state) {
				case "available" -> hasOutput ? service.protocol().result(this.id, state, output, rowCap) : null;
				case "error" -> throw hasOutput ? LivyProtocol.statementError(this.id, output)
						: new LivyStatementException(this.id, "Error", "The statement failed without output",
								java.util.List.of());
				case "cancelled", "canceled" ->
					new StatementResult(this.id, "cancelled", "cancelled", null, null, null, false);
				default -> null;
			};
		});
	}

	/**
	 * {@link #await()} on another thread.
	 * @return the future result
	 */
	public CompletableFuture<StatementResult> awaitAsync() {
		return CompletableFuture.supplyAsync(this::await, this.session.service().executor());
	}

	/**
	 * Asks the server to cancel the statement; {@link #await()} then returns a cancelled result.
	 */
	public void cancel() {
		this.session.touch();
		this.session.service()
			.client()
			.send(LivyRequest.post(this.session.statementsPath() + "/" + this.id + "/cancel", null,
					LivyRequest.Repeat.IDEMPOTENT));
	}

	private JsonNode fetch() {
		LivyClient client = this.session.service().client();
		Instant window = this.submittedAt.plus(client.retry().notFoundWindow());
		return client
			.send(LivyRequest.get(this.session.statementsPath() + "/" + this.id)
				.retryingNotFoundUntil(window))
			.body();
	}

	@Override
	public String toString() {
		return "Statement[id=" + this.id + ", session=" + this.session.id() + "]";
	}

}
