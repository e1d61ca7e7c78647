package io.github.entraauth.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.entraauth.livy.ResultTable;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's HTTP API: place orders, read the Redis totals, run the Spark SQL report. The report starts billed
 * Spark work, so it is a POST that needs EDITOR or ADMIN (see WebSecurityConfiguration).
 */
@RestController
class OrderController {

	/** The report table's account_id column is VARCHAR(64). */
	static final int MAX_ACCOUNT_ID_LENGTH = 64;

	private final OrderService orders;

	private final TotalsReport report;

	OrderController(OrderService orders, TotalsReport report) {
		this.orders = orders;
		this.report = report;
	}

	@PostMapping("/orders")
	ResponseEntity<Void> place(@RequestBody OrderRequest request) {
		ProblemDetail problem = request.problem();
		if (problem != null) {
			return ResponseEntity.of(problem).build();
		}
		this.orders.place(new Order(request.accountId(), request.amount()));
		return ResponseEntity.accepted().build();
	}

	@GetMapping("/orders/totals")
	Map<String, Long> totals() {
		return this.orders.totals();
	}

	/** The report's rows as objects keyed by column name, so that clients need not know the column order. */
	@PostMapping("/reports/totals")
	List<Map<String, @Nullable Object>> report() {
		ResultTable table = this.report.publish(this.orders.totals());
		List<String> columns = table.columnNames();
		return table.rows().stream().map((row) -> {
			Map<String, @Nullable Object> named = new LinkedHashMap<>();
			for (int i = 0; i < columns.size(); i++) {
				named.put(columns.get(i), row.get(i));
			}
			return named;
		}).toList();
	}

	/**
	 * An order as a client sends it, before it is checked.
	 *
	 * @param accountId the account, required
	 * @param amount the amount in cents, required and positive
	 */
	record OrderRequest(@Nullable String accountId, @Nullable Long amount) {

		/** The first thing wrong with the order, as a 400 naming the field, or null when it is valid. */
		@Nullable ProblemDetail problem() {
			if (this.accountId == null || this.accountId.isBlank()) {
				return invalid("accountId", "accountId is required");
			}
			if (this.accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
				return invalid("accountId", "accountId must be at most " + MAX_ACCOUNT_ID_LENGTH + " characters");
			}
			if (this.amount == null) {
				return invalid("amount", "amount is required (a positive number of cents)");
			}
			if (this.amount <= 0) {
				return invalid("amount", "amount must be positive (cents), was " + this.amount);
			}
			return null;
		}

		private static ProblemDetail invalid(String field, String detail) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
			problem.setTitle("Invalid order");
			problem.setProperty("field", field);
			return problem;
		}

	}

}
