package io.github.entraauth.livy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Argument checks that name the argument, so a wrong setting is found from the message alone. */
final class Arguments {

	private Arguments() {
	}

	static void atLeastOne(String argument, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(argument + " must be at least 1, but was " + value);
		}
	}

	static void notNegative(String argument, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(argument + " must be zero or positive, but was " + value);
		}
	}

	static void positive(String argument, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(argument + " must be positive, but was " + value);
		}
	}

	static <T> List<T> list(String argument, @Nullable List<T> value) {
		return List.copyOf(notNull(argument, value));
	}

	static <K, V> Map<K, V> map(String argument, @Nullable Map<K, V> value) {
		return Map.copyOf(notNull(argument, value));
	}

	static <T> T notNull(String argument, @Nullable T value) {
		if (value == null) {
			throw new IllegalArgumentException(argument + " must not be null");
		}
		return value;
	}

}
