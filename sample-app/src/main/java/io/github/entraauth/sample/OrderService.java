package io.github.entraauth.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Publishes orders to Kafka, consumes them and keeps per-account totals in Redis. Every one of
 * these calls authenticates with an Entra ID token; none of this code knows it.
 */
@Service
public class OrderService {

	static final String ACCOUNTS = "orders:accounts";

	static final String TOTALS = "orders:total:";

	private final KafkaTemplate<String, String> kafka;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final String topic;

	private final AtomicLong produced = new AtomicLong();

	private final AtomicLong consumed = new AtomicLong();

	OrderService(KafkaTemplate<String, String> kafka, StringRedisTemplate redis, JsonMapper json,
			@Value("${sample.topic}") String topic) {
		this.kafka = kafka;
		this.redis = redis;
		this.json = json;
		this.topic = topic;
	}

	/**
	 * Publishes an order and waits for the broker to acknowledge it.
	 * @param order the order
	 */
	public void place(Order order) {
		try {
			this.kafka.send(this.topic, order.accountId(), this.json.writeValueAsString(order)).get(30, TimeUnit.SECONDS);
			this.produced.incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing an order", ex);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Order for " + order.accountId() + " was not acknowledged", ex);
		}
	}

	@KafkaListener(topics = "${sample.topic}")
	void onOrder(String message) {
		Order order = this.json.readValue(message, Order.class);
		this.redis.opsForSet().add(ACCOUNTS, order.accountId());
		this.redis.opsForValue().increment(TOTALS + order.accountId(), order.amount());
		this.consumed.incrementAndGet();
	}

	/**
	 * The per-account totals kept in Redis.
	 * @return the totals by account, sorted
	 */
	public Map<String, Long> totals() {
		Map<String, Long> totals = new TreeMap<>();
		for (String account : this.redis.opsForSet().members(ACCOUNTS)) {
			String total = this.redis.opsForValue().get(TOTALS + account);
			totals.put(account, (total != null) ? Long.parseLong(total) : 0L);
		}
		return totals;
	}

	long produced() {
		return this.produced.get();
	}

	long consumed() {
		return this.consumed.get();
	}

}
