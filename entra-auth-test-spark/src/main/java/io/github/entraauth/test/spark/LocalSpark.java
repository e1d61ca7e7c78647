package io.github.entraauth.test.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The JVM's one local SparkSession (Spark allows one SparkContext per JVM), started in the background on first use,
 * counted by the engines that use it, and stopped with its warehouse directory when the last one closes.
 */
final class LocalSpark {

	private static final CustomizableThreadFactory threads = daemonThreads();

	private static int users;

	private static @Nullable CompletableFuture<SparkSession> root;

	private static @Nullable Path directory;

	private static @Nullable Path scratch;

	private LocalSpark() {
	}

	static synchronized CompletableFuture<SparkSession> acquire() {
		CompletableFuture<SparkSession> current = root;
		if (current == null) {
			Path dir = createDirectory();
			CompletableFuture<SparkSession> starting = new CompletableFuture<>();
			threads.newThread(() -> {
				try {
					starting.complete(start(dir));
				}
				catch (Throwable ex) {
					starting.completeExceptionally(ex);
				}
			}).start();
			directory = dir;
			root = starting;
			current = starting;
		}
		users++;
		return current;
	}

	static synchronized void release() {
		if (--users > 0) {
			return;
		}
		CompletableFuture<SparkSession> current = root;
		Path dir = directory;
		root = null;
		directory = null;
		if (current != null) {
			current.thenAccept(SparkSession::stop).exceptionally((ex) -> null).join();
		}
		if (dir != null) {
			try {
				FileSystemUtils.deleteRecursively(dir);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot delete Spark's temporary directory " + dir, ex);
			}
		}
	}

	private static SparkSession start(Path dir) {
		// loopback only, no UI, an in-memory catalog and every file under a temporary directory
		return SparkSession.builder()
			.appName("livy-emulator")
			.master("local[2]")
			.config("spark.ui.enabled", "false")
			.config("spark.driver.host", "127.0.0.1")
			.config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.sql.catalogImplementation", "in-memory")
			.config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
			.config("spark.local.dir", scratch().toString())
			.config("spark.sql.shuffle.partitions", "2")
			.getOrCreate();
	}

	/**
	 * Spark caches its local directories for the JVM's lifetime, so its scratch space is one directory per JVM,
	 * deleted when the JVM exits.
	 */
	private static synchronized Path scratch() {
		Path current = scratch;
		if (current == null) {
			Path created = createDirectory();
			Runtime.getRuntime().addShutdownHook(threads.newThread(() -> {
				try {
					FileSystemUtils.deleteRecursively(created);
				}
				catch (IOException ex) {
					// the JVM is exiting; the directory stays in the system's temporary directory
				}
			}));
			scratch = created;
			current = created;
		}
		return current;
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("livy-emulator-spark-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary directory for Spark", ex);
		}
	}

	private static CustomizableThreadFactory daemonThreads() {
		CustomizableThreadFactory factory = new CustomizableThreadFactory("livy-emulator-spark-");
		factory.setDaemon(true);
		return factory;
	}

}
