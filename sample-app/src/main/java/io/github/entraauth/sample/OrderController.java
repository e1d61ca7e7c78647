package io.github.entraauth.sample;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's HTTP API: place orders, read the Redis totals, run the Spark SQL report.
 */
@RestController
class OrderController {

	private final OrderService orders;

	private final TotalsReport report;

	OrderController(OrderService orders, TotalsReport report) {
		this.orders = orders;
		this.report = report;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void place(@RequestBody Order order) {
		this.orders.place(order);
	}

	@GetMapping("/orders/totals")
	Map<String, Long> totals() {
		return this.orders.totals();
	}

	@GetMapping("/reports/totals")
	List<List<Object>> report() {
		return this.report.publish(this.orders.totals()).rows();
	}

}
