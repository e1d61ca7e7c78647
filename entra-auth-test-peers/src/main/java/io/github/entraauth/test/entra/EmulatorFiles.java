package io.github.entraauth.test.entra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's own temporary directory, unique per emulator and deleted on close: its TLS trust files and the
 * credential files of certificate clients.
 */
final class EmulatorFiles {

	private static final Logger logger = LoggerFactory.getLogger(EmulatorFiles.class);

	private final Path directory;

	EmulatorFiles() throws IOException {
		this.directory = Files.createTempDirectory("entra-emulator-");
	}

	Path write(String name, String content) throws IOException {
		Path file = this.directory.resolve(name);
		Files.writeString(file, content, StandardCharsets.US_ASCII);
		return file;
	}

	Path write(String name, KeyStore keyStore, char[] password) throws IOException {
		Path file = this.directory.resolve(name);
		Tls.writeKeyStore(keyStore, password, file);
		return file;
	}

	void delete() {
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}: {}", this.directory, ex.toString());
		}
	}

}
