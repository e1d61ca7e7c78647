package io.github.entraauth.sample;

import java.util.List;
import java.util.Map;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.ResultTable;

import org.springframework.stereotype.Component;

/**
 * Copies the order totals into a lakehouse table and reads them back with Spark SQL through
 * Livy: on Fabric a Delta table, on the local Livy emulator an H2 table.
 */
@Component
class TotalsReport {

	private final LivyService livy;

	TotalsReport(LivyService livy) {
		this.livy = livy;
	}

	/**
	 * Replaces the table's content with the given totals and returns the table as Spark sees it.
	 * @param totals the totals by account
	 * @return the rows of {@code SELECT account_id, total FROM order_totals}
	 */
	ResultTable publish(Map<String, Long> totals) {
		try (LivySession session = this.livy.startSession()) {
			session.sql("CREATE TABLE IF NOT EXISTS order_totals (account_id VARCHAR(64), total BIGINT)");
			session.sql("DELETE FROM order_totals");
			if (!totals.isEmpty()) {
				session.sql("INSERT INTO order_totals VALUES " + String.join(", ", values(totals)));
			}
			return session.sql("SELECT account_id, total FROM order_totals ORDER BY account_id").table();
		}
	}

	private static List<String> values(Map<String, Long> totals) {
		// account ids come from this application's own demo data; quote them anyway
		return totals.entrySet()
			.stream()
			.map((entry) -> "('" + entry.getKey().replace("'", "''") + "', " + entry.getValue() + ")")
			.toList();
	}

}
