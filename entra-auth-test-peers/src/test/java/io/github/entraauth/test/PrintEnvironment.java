package io.github.entraauth.test;

/**
 * Child JVM main for {@link ChildJvmTests}: prints {@code ENV <name>=<value>} for each variable named in the
 * arguments, or sleeps when the first argument is {@code sleep}.
 */
public final class PrintEnvironment {

	private PrintEnvironment() {
	}

	public static void main(String[] args) throws InterruptedException {
		if (args.length > 0 && args[0].equals("sleep")) {
			Thread.sleep(60_000);
		}
		for (String name : args) {
			System.out.println("ENV " + name + "=" + System.getenv(name));
		}
		System.exit(args.length);
	}

}
