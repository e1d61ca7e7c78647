package io.github.entraauth.test.spark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.entraauth.test.livy.LivyEmulator;
import io.github.entraauth.test.livy.SqlEngine;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the Livy emulator's {@code sql} statements on a real local Spark: one SparkSession per Livy session (its own
 * temporary views and SQL configuration) on the JVM's one local SparkContext, whose tables every session shares, as
 * in a lakehouse. {@link LivyEmulator} loads it with {@link java.util.ServiceLoader} when this module is on the
 * classpath; the Spark start-up (seconds) shows as the first session's {@code starting} state.
 */
public final class SparkSqlEngine implements SqlEngine {

	private final AtomicBoolean closed = new AtomicBoolean();

	private final CompletableFuture<SparkSession> root = LocalSpark.acquire();

	@Override
	public String name() {
		return "spark";
	}

	@Override
	public Session openSession(int rowCap) {
		return new SparkSqlSession(this.root.thenApply(SparkSession::newSession), rowCap);
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			LocalSpark.release();
		}
	}

}
