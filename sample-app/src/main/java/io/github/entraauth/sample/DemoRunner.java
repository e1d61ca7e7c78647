package io.github.entraauth.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.github.entraauth.livy.ResultTable;
import io.github.entraauth.redis.RedisReauthentications;
import io.github.entraauth.token.TokenManager;
import io.github.entraauth.token.TokenManagers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The demo: places orders over a span long enough for tokens to be refreshed, waits until every
 * order has reached Redis, publishes the totals through Livy, and prints a summary. With
 * {@code sample.exit-after-demo} the application then stops; otherwise it keeps serving.
 * {@code sample.demo.enabled=false} leaves it out, for a start that connects to nothing.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo.enabled", matchIfMissing = true)
class DemoRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final OrderService orders;

	private final TotalsReport report;

	private final TokenDemo tokenDemo;

	private final TokenManagers tokenManagers;

	private final KafkaTemplate<String, String> kafka;

	private final ObjectProvider<RedisReauthentications> redisReauthentications;

	private final ConfigurableApplicationContext context;

	private final int orderCount;

	private final Duration span;

	private final boolean exitAfterDemo;

	DemoRunner(OrderService orders, TotalsReport report, TokenDemo tokenDemo, TokenManagers tokenManagers,
			KafkaTemplate<String, String> kafka, ObjectProvider<RedisReauthentications> redisReauthentications,
			ConfigurableApplicationContext context, @Value("${sample.demo.orders:12}") int orderCount,
			@Value("${sample.demo.span:PT36S}") Duration span,
			@Value("${sample.exit-after-demo:false}") boolean exitAfterDemo) {
		this.orders = orders;
		this.report = report;
		this.tokenDemo = tokenDemo;
		this.tokenManagers = tokenManagers;
		this.kafka = kafka;
		this.redisReauthentications = redisReauthentications;
		this.context = context;
		this.orderCount = orderCount;
		this.span = span;
		this.exitAfterDemo = exitAfterDemo;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		String tokenSummary = this.tokenDemo.summary();
		long pause = this.span.toMillis() / Math.max(1, this.orderCount);
		String[] accounts = { "acct-alice", "acct-bob", "acct-carol" };
		for (int i = 0; i < this.orderCount; i++) {
			this.orders.place(new Order(accounts[i % accounts.length], 100L * (i + 1)));
			Thread.sleep(pause);
		}
		await(() -> this.orders.consumed() >= this.orders.produced(), Duration.ofSeconds(60), "orders consumed");
		Map<String, Long> totals = this.orders.totals();
		ResultTable table = this.report.publish(totals);
		List<String> lines = new ArrayList<>();
		lines.add("");
		lines.add("==== entra-auth sample: demo summary ====");
		lines.add(tokenSummary);
		lines.add("Kafka: orders produced=" + this.orders.produced() + " consumed=" + this.orders.consumed()
				+ " producer re-authentications=" + (long) kafkaMetric("successful-reauthentication-total")
				+ " failed=" + (long) kafkaMetric("failed-reauthentication-total"));
		RedisReauthentications redis = this.redisReauthentications.getIfAvailable();
		lines.add("Redis: totals=" + totals + " re-authentications of live connections="
				+ ((redis != null) ? redis.succeeded() + " failed=" + redis.failed() : "n/a"));
		lines.add("Tokens: " + tokenRefreshes());
		lines.add("Livy: Spark SQL report " + table.columnNames() + " rows=" + table.rows());
		lines.addAll(urls());
		lines.add("=========================================");
		System.out.println(String.join(System.lineSeparator(), lines));
		if (this.exitAfterDemo) {
			logger.info("sample.exit-after-demo is set: stopping");
			SpringApplication.exit(this.context, () -> 0);
		}
	}

	/** Where to go next; the port is the one the server bound, which may be random. */
	private List<String> urls() {
		String port = this.context.getEnvironment().getProperty("local.server.port");
		if (port == null) {
			return List.of();
		}
		String base = "http://localhost:" + port;
		return List.of("Try it (Ctrl-C stops the sample):",
				"  web UI        " + base + "/  (sign in as alice@contoso.test: EDITOR, bob: VIEWER, carol: ADMIN)",
				"  place order   curl -X POST -H 'Content-Type: application/json' -d '{\"accountId\":\"acct-1\","
						+ "\"amount\":1250}' " + base + "/orders",
				"  totals        curl " + base + "/orders/totals",
				"  health        curl " + base + "/actuator/health");
	}

	private String tokenRefreshes() {
		List<String> scopes = new ArrayList<>();
		for (TokenManager manager : this.tokenManagers.managers()) {
			scopes.add(manager.scope() + " fetched " + manager.status().fetches() + "x");
		}
		return String.join(", ", scopes);
	}

	private double kafkaMetric(String name) {
		for (Map.Entry<MetricName, ? extends Metric> metric : this.kafka.metrics().entrySet()) {
			if (metric.getKey().name().equals(name) && metric.getKey().group().equals("producer-metrics")) {
				return ((Number) metric.getValue().metricValue()).doubleValue();
			}
		}
		return 0;
	}

	private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Timed out waiting for " + what);
			}
			Thread.sleep(100);
		}
	}

}
