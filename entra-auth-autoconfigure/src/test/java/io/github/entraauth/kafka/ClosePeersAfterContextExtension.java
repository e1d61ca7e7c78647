package io.github.entraauth.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes the test class's static {@link AutoCloseable} fields (the broker, the emulator), last declared first.
 * Declared before {@code @SpringBootTest}, its callback runs after Spring has closed a {@code @DirtiesContext}
 * application context, so the application's Kafka clients stop before the broker does.
 */
class ClosePeersAfterContextExtension implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		List<AutoCloseable> peers = new ArrayList<>();
		for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && AutoCloseable.class.isAssignableFrom(field.getType())) {
				field.setAccessible(true);
				Object peer = field.get(null);
				if (peer != null) {
					peers.add((AutoCloseable) peer);
				}
			}
		}
		Collections.reverse(peers);
		for (AutoCloseable peer : peers) {
			peer.close();
		}
	}

}
