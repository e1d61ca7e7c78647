package io.github.entraauth.benchmarks.startup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The minimal Boot application of the startup benchmark: Boot's auto-configuration with Kafka and
 * Redis on the classpath (no broker or server is contacted at start), run in a fresh JVM with or
 * without the starter's jars. It prints its context start time and exits.
 * <p>
 * Lines printed: {@code context-start-ms=}, {@code main-thread-cpu-ms=} (the CPU time of the thread that ran the
 * start, JVM start-up included, which other load on the machine stretches less than the wall time),
 * {@code main-thread-runnable-ms=} (how long that thread was ready to run but waited for a core, from Linux's
 * {@code /proc/thread-self/schedstat}; -1 elsewhere), {@code process-cpu-ms=} (every thread's CPU time: JIT
 * compilers, GC and background threads compete with the start's thread for the cores), {@code loaded-classes=},
 * {@code entra-beans=},
 * {@code jackson2-beans=} (beans whose type mentions Jackson 2), {@code header-mapper=} (the Kafka header mapper a
 * {@code KafkaTemplate} of this classpath gets), and, with {@code --probe-token}, {@code token=ok} or
 * {@code token=<error type>} after fetching every managed token and {@code first-token-ms=}, how long that took
 * after the start returned (the wait a first Kafka send or Redis command would see).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class StartupApp {

	public static void main(String[] args) throws Exception {
		boolean probeToken = Arrays.asList(args).contains("--probe-token");
		long started = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupApp.class)
			.web(WebApplicationType.NONE)
			.run(args);
		long millis = (System.nanoTime() - started) / 1_000_000;
		long mainThreadCpuMillis = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
		long mainThreadRunnableMillis = mainThreadRunnableMillis();
		long processCpuMillis = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1_000_000;
		System.out.println("context-start-ms=" + millis);
		System.out.println("main-thread-cpu-ms=" + mainThreadCpuMillis);
		System.out.println("main-thread-runnable-ms=" + mainThreadRunnableMillis);
		System.out.println("process-cpu-ms=" + processCpuMillis);
		System.out.println("loaded-classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
		List<String> names = Arrays.asList(context.getBeanDefinitionNames());
		System.out.println("entra-beans=" + names.stream().filter((name) -> typeName(context, name).startsWith("io.github.entraauth")).count());
		System.out.println("jackson2-beans=" + names.stream()
			.filter((name) -> typeName(context, name).contains("Jackson2") || typeName(context, name).startsWith("com.fasterxml"))
			.map((name) -> name + ":" + typeName(context, name))
			.toList());
		System.out.println("header-mapper=" + headerMapper());
		if (probeToken) {
			long probeStarted = System.nanoTime();
			String outcome = probeTokens(context);
			System.out.println("token=" + outcome);
			System.out.println("first-token-ms=" + (System.nanoTime() - probeStarted) / 1_000_000);
		}
		context.close();
		System.exit(0);
	}

	/** The second field of schedstat: nanoseconds spent runnable on a run queue, not running. */
	private static long mainThreadRunnableMillis() {
		try {
			String[] fields = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ");
			return Long.parseLong(fields[1]) / 1_000_000;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** After the start, so that creating a converter here adds nothing to the figure. */
	private static String headerMapper() {
		try {
			java.lang.reflect.Field field = org.springframework.kafka.support.converter.MessagingMessageConverter.class
				.getDeclaredField("headerMapper");
			field.setAccessible(true);
			return field.get(new org.springframework.kafka.support.converter.MessagingMessageConverter())
				.getClass()
				.getSimpleName();
		}
		catch (ReflectiveOperationException ex) {
			return ex.getClass().getSimpleName();
		}
	}

	private static String typeName(ConfigurableApplicationContext context, String name) {
		Class<?> type = context.getType(name);
		return (type != null) ? type.getName() : "";
	}

	/** Fetches every managed token; reflection because the plain variant has no starter classes. */
	private static String probeTokens(ConfigurableApplicationContext context) {
		try {
			Class<?> managersType = Class.forName("io.github.entraauth.token.TokenManagers");
			Object managers = context.getBean(managersType);
			List<?> all = (List<?>) managersType.getMethod("managers").invoke(managers);
			if (all.isEmpty()) {
				return "no-manager";
			}
			for (Object manager : all) {
				Method token = manager.getClass().getMethod("token");
				token.invoke(manager);
			}
			return "ok";
		}
		catch (java.lang.reflect.InvocationTargetException ex) {
			return ex.getCause().getClass().getName();
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return ex.getClass().getName();
		}
	}

}
