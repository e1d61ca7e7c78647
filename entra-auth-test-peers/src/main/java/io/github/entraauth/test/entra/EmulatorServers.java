package io.github.entraauth.test.entra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The emulator's two loopback servers, HTTPS and plain HTTP, each bound to a port the OS chooses at bind time and
 * serving the same handler on daemon threads.
 */
final class EmulatorServers {

	private final ExecutorService executor;

	private final HttpsServer https;

	private final HttpServer http;

	EmulatorServers(Tls.SelfSigned tlsIdentity, HttpHandler handler) throws IOException {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("entra-emulator-");
		threads.setDaemon(true);
		this.executor = Executors.newFixedThreadPool(8, threads);
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		this.https = HttpsServer.create(loopback, 0);
		this.https.setHttpsConfigurator(new HttpsConfigurator(Tls.serverContext(tlsIdentity)));
		this.https.createContext("/", handler);
		this.https.setExecutor(this.executor);
		this.http = HttpServer.create(loopback, 0);
		this.http.createContext("/", handler);
		this.http.setExecutor(this.executor);
		this.https.start();
		this.http.start();
	}

	int httpsPort() {
		return this.https.getAddress().getPort();
	}

	int httpPort() {
		return this.http.getAddress().getPort();
	}

	void stop() {
		this.https.stop(0);
		this.http.stop(0);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
