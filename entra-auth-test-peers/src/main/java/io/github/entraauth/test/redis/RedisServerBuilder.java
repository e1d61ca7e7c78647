package io.github.entraauth.test.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import io.github.entraauth.test.entra.EntraEmulator;
import io.github.entraauth.test.entra.Tls;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link RedisServer} before it starts; each method sets the knob of the server method with the
 * same name.
 */
public final class RedisServerBuilder {

	private static final Logger logger = LoggerFactory.getLogger(RedisServer.class);

	private @Nullable Path binary;

	private final List<EntraEmulator> emulators = new ArrayList<>();

	private final List<@Nullable String> audiences = new ArrayList<>();

	private boolean enforceTokenExpiry = true;

	private boolean tls;

	RedisServerBuilder() {
	}

	/**
	 * Listens with TLS only (plain port off, as on Azure), with a self-signed certificate for
	 * {@code localhost} and {@code 127.0.0.1} generated at start; the trust material is offered by
	 * {@link RedisServer#trustCertificatePem()}, {@link RedisServer#trustStorePkcs12()} and
	 * {@link RedisServer#springSslBundleProperties(String)}. Starting fails, naming the cause, with a
	 * binary built without TLS.
	 * @return this builder
	 */
	public RedisServerBuilder tls() {
		this.tls = true;
		return this;
	}

	/**
	 * The {@code redis-server} executable; by default the system one, else the bundled one.
	 * @param binary the executable, or {@code null} for the default
	 * @return this builder
	 */
	public RedisServerBuilder binary(@Nullable Path binary) {
		this.binary = binary;
		return this;
	}

	/**
	 * See {@link RedisServer#acceptTokensFrom(EntraEmulator)}.
	 * @param emulator the emulator whose tokens to accept
	 * @return this builder
	 */
	public RedisServerBuilder acceptTokensFrom(EntraEmulator emulator) {
		this.emulators.add(emulator);
		this.audiences.add(null);
		return this;
	}

	/**
	 * See {@link RedisServer#acceptTokensFrom(EntraEmulator, String)}.
	 * @param emulator the emulator whose tokens to accept
	 * @param audience the {@code aud} of the tokens to accept
	 * @return this builder
	 */
	public RedisServerBuilder acceptTokensFrom(EntraEmulator emulator, String audience) {
		this.emulators.add(emulator);
		this.audiences.add(audience);
		return this;
	}

	/**
	 * See {@link RedisServer#enforceTokenExpiry(boolean)}.
	 * @param enforce whether to expire token users at their {@code exp}
	 * @return this builder
	 */
	public RedisServerBuilder enforceTokenExpiry(boolean enforce) {
		this.enforceTokenExpiry = enforce;
		return this;
	}

	/**
	 * Starts the server.
	 * @return the running server
	 * @throws IllegalStateException if no binary could be started
	 */
	public RedisServer start() {
		return startNode(tlsIdentity(false), RedisProcess::probeFreePort, List.of());
	}

	/**
	 * Starts an OSS Redis cluster of masters on loopback ports (each node with this builder's binary, TLS
	 * mode and token handling; with TLS the nodes share one certificate and the cluster bus uses TLS too),
	 * with the 16384 slots split evenly, and waits until every node reports {@code cluster_state:ok}.
	 * @param masters how many masters, at least 3 as Redis requires
	 * @return the running cluster
	 * @throws IllegalStateException if a node could not be started or the cluster did not form
	 */
	public RedisCluster startCluster(int masters) {
		if (masters < 3) {
			throw new IllegalArgumentException("A Redis cluster needs at least 3 masters, not " + masters);
		}
		// the cluster bus is mutual TLS: every node presents the shared certificate as a client too
		Tls.SelfSigned identity = tlsIdentity(true);
		List<String> clusterConfig = new ArrayList<>(List.of("cluster-enabled yes",
				"cluster-config-file nodes.conf", "cluster-node-timeout 5000",
				"cluster-require-full-coverage yes"));
		if (this.tls) {
			clusterConfig.addAll(List.of("tls-cluster yes", "tls-replication yes"));
		}
		List<RedisServer> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < masters; i++) {
				nodes.add(startNode(identity, RedisProcess::probeFreeClusterPort, clusterConfig));
			}
			return RedisCluster.form(nodes);
		}
		catch (RuntimeException ex) {
			nodes.forEach(RedisServer::close);
			throw ex;
		}
	}

	private Tls.@Nullable SelfSigned tlsIdentity(boolean peer) {
		if (!this.tls) {
			return null;
		}
		return peer ? Tls.peerCertificate() : Tls.serverCertificate();
	}

	private RedisServer startNode(Tls.@Nullable SelfSigned identity, IntSupplier ports, List<String> extraConfig) {
		TokenTrackingProxy front = (identity != null)
				? new TokenTrackingProxy(Tls.serverContext(identity), Tls.trustingContext(identity.certificate()))
				: new TokenTrackingProxy(null, null);
		List<String> config = new ArrayList<>(extraConfig);
		if (!extraConfig.isEmpty()) {
			// the cluster tells clients the front port, so redirected connections come through it too
			config.add("cluster-announce-port " + front.port());
			if (identity != null) {
				config.add("cluster-announce-tls-port " + front.port());
			}
		}
		RedisProcess process;
		RedisServer server;
		try {
			process = RedisProcess.start(this.binary, ports, (identity != null) ? new RedisProcess.TlsIdentity(
					Tls.certificatePem(identity.certificate()), Tls.privateKeyPem(identity)) : null, config);
		}
		catch (RuntimeException ex) {
			front.close();
			throw ex;
		}
		try {
			server = new RedisServer(process, this.tls, front);
		}
		catch (RuntimeException ex) {
			front.close();
			process.stop();
			throw ex;
		}
		logger.info("redis-server {} ({}) on 127.0.0.1:{}, clients connect to 127.0.0.1:{}{}{}", server.version(),
				process.binary(), process.port(), front.port(), this.tls ? " (TLS)" : "",
				extraConfig.isEmpty() ? "" : " (cluster node)");
		server.enforceTokenExpiry(this.enforceTokenExpiry);
		for (int i = 0; i < this.emulators.size(); i++) {
			String audience = this.audiences.get(i);
			if (audience == null) {
				server.acceptTokensFrom(this.emulators.get(i));
			}
			else {
				server.acceptTokensFrom(this.emulators.get(i), audience);
			}
		}
		return server;
	}
}
