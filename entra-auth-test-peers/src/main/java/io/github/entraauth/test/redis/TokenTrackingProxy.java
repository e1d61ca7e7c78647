package io.github.entraauth.test.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port clients of a {@link RedisServer} connect to: it relays every byte to {@code redis-server}, reads the
 * {@code AUTH} and {@code HELLO ... AUTH} commands on the way, and closes a connection when the token it last
 * authenticated with expires, as Azure does, even if a newer token of the same identity exists. Redis alone
 * cannot do this: its ACL knows which user a connection is, not which of the user's passwords it used.
 */
final class TokenTrackingProxy implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(TokenTrackingProxy.class);

	/** Arguments kept per command: enough for {@code HELLO 3 AUTH user password SETNAME name}. */
	private static final int KEPT_ARGUMENTS = 7;

	/** Longer arguments are relayed without being kept; tokens are a few kilobytes. */
	private static final int KEPT_ARGUMENT_BYTES = 64 * 1024;

	private final ServerSocket serverSocket;

	private final @Nullable SSLContext backendTls;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private volatile BiFunction<String, String, @Nullable Instant> tokenExpiry = (user, password) -> null;

	private volatile @Nullable ScheduledExecutorService expiries;

	private volatile int backendPort;

	private volatile boolean closed;

	/**
	 * Binds a loopback port, so that a cluster node can announce it before it starts; {@link #relayTo} starts
	 * relaying.
	 * @param frontendTls the server context clients handshake with, or {@code null} for plain TCP
	 * @param backendTls the context trusting {@code redis-server}'s certificate, or {@code null} for plain TCP
	 */
	TokenTrackingProxy(@Nullable SSLContext frontendTls, @Nullable SSLContext backendTls) {
		this.backendTls = backendTls;
		try {
			this.serverSocket = (frontendTls != null)
					? frontendTls.getServerSocketFactory().createServerSocket(0, 128, InetAddress.getLoopbackAddress())
					: new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind the Redis front port", ex);
		}
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Starts relaying.
	 * @param backendPort the port of {@code redis-server}
	 * @param tokenExpiry the {@code exp} of a password that is an unexpired token of the user and is to be
	 * enforced, else {@code null}
	 * @param expiries where connection expiries are scheduled
	 */
	void relayTo(int backendPort, BiFunction<String, String, @Nullable Instant> tokenExpiry,
			ScheduledExecutorService expiries) {
		this.backendPort = backendPort;
		this.tokenExpiry = tokenExpiry;
		this.expiries = expiries;
		daemon("redis-front-" + port(), this::accept).start();
	}

	/**
	 * The connections currently relayed.
	 * @return how many
	 */
	int connectionCount() {
		return this.links.size();
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close the front port", ex);
		}
		this.links.forEach(Link::close);
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.serverSocket.accept();
				client.setTcpNoDelay(true);
				Socket backend = (this.backendTls != null)
						? this.backendTls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), this.backendPort)
						: new Socket(InetAddress.getLoopbackAddress(), this.backendPort);
				backend.setTcpNoDelay(true);
				Link link = new Link(client, backend);
				this.links.add(link);
				daemon("redis-front-in", link::relayCommands).start();
				daemon("redis-front-out", link::relayReplies).start();
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.debug("Accepting a Redis connection failed", ex);
				}
			}
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	/** One client connection and its connection to {@code redis-server}. */
	private final class Link {

		private final Socket client;

		private final Socket backend;

		private volatile @Nullable String token;

		Link(Socket client, Socket backend) {
			this.client = client;
			this.backend = backend;
		}

		void relayCommands() {
			try (InputStream in = new BufferedInputStream(this.client.getInputStream(), 16 * 1024);
					OutputStream out = new BufferedOutputStream(this.backend.getOutputStream(), 16 * 1024)) {
				while (true) {
					List<String> command = relayCommand(in, out);
					if (command == null) {
						return;
					}
					authenticated(command);
					if (in.available() == 0) {
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				logger.trace("Redis connection closed while relaying commands", ex);
			}
			finally {
				close();
			}
		}

		void relayReplies() {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = this.backend.getInputStream(); OutputStream out = this.client.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				logger.trace("Redis connection closed while relaying replies", ex);
			}
			finally {
				close();
			}
		}

		/** Tracks the token of a successful-to-be {@code AUTH [user] password} or {@code HELLO v AUTH user password}. */
		private void authenticated(List<String> command) {
			if (command.isEmpty()) {
				return;
			}
			String name = command.get(0).toUpperCase(Locale.ROOT);
			String username = null;
			String password = null;
			if (name.equals("AUTH") && command.size() == 3) {
				username = command.get(1);
				password = command.get(2);
			}
			else if (name.equals("AUTH") && command.size() == 2) {
				username = "default";
				password = command.get(1);
			}
			else if (name.equals("HELLO")) {
				for (int i = 2; i + 2 < command.size(); i++) {
					if (command.get(i).equalsIgnoreCase("AUTH")) {
						username = command.get(i + 1);
						password = command.get(i + 2);
					}
				}
			}
			if (username == null || password == null) {
				return;
			}
			// an AUTH Redis will refuse changes nothing: the connection keeps its earlier identity
			Instant expiresAt = TokenTrackingProxy.this.tokenExpiry.apply(username, password);
			if (expiresAt != null) {
				String token = password;
				this.token = token;
				long delay = Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis());
				ScheduledExecutorService scheduler = TokenTrackingProxy.this.expiries;
				if (scheduler != null) {
					scheduler.schedule(() -> expire(token), delay, TimeUnit.MILLISECONDS);
				}
			}
		}

		private void expire(String expired) {
			if (expired.equals(this.token)) {
				logger.info("Closing a Redis connection whose token expired");
				close();
			}
		}

		void close() {
			TokenTrackingProxy.this.links.remove(this);
			closeQuietly(this.client);
			closeQuietly(this.backend);
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				logger.trace("Could not close a relayed socket", ex);
			}
		}

	}

	/**
	 * Relays one command (a RESP array of bulk strings, or an inline command) and returns its first
	 * arguments, or {@code null} at the end of the stream.
	 */
	private static @Nullable List<String> relayCommand(InputStream in, OutputStream out) throws IOException {
		int first = in.read();
		if (first < 0) {
			return null;
		}
		out.write(first);
		if (first == '\n') {
			return List.of();
		}
		if (first != '*') {
			String line = (char) first + relayLine(in, out);
			return List.of(line.trim().split("\\s+"));
		}
		int count = parseLength(relayLine(in, out));
		List<String> arguments = new ArrayList<>(Math.min(Math.max(count, 0), KEPT_ARGUMENTS));
		for (int i = 0; i < count; i++) {
			int marker = in.read();
			if (marker != '$') {
				throw new SocketException("Not a RESP bulk string in a command");
			}
			out.write(marker);
			int length = parseLength(relayLine(in, out));
			if (length < 0) {
				continue;
			}
			boolean keep = i < KEPT_ARGUMENTS && length <= KEPT_ARGUMENT_BYTES;
			ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream(length) : null;
			relayBytes(in, out, length + 2, kept);
			if (kept != null) {
				arguments.add(new String(kept.toByteArray(), 0, length, StandardCharsets.UTF_8));
			}
		}
		return arguments;
	}

	private static String relayLine(InputStream in, OutputStream out) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new EOFException();
			}
			out.write(b);
			line.append((char) b);
		}
		out.write('\n');
		return line.toString();
	}

	private static int parseLength(String line) throws SocketException {
		try {
			return Integer.parseInt(line.trim());
		}
		catch (NumberFormatException ex) {
			throw new SocketException("Not a RESP length: " + line.trim());
		}
	}

	private static void relayBytes(InputStream in, OutputStream out, int count, @Nullable ByteArrayOutputStream kept)
			throws IOException {
		byte[] buffer = new byte[Math.min(count, 8192)];
		int left = count;
		while (left > 0) {
			int read = in.read(buffer, 0, Math.min(left, buffer.length));
			if (read < 0) {
				throw new EOFException();
			}
			out.write(buffer, 0, read);
			if (kept != null) {
				kept.write(buffer, 0, read);
			}
			left -= read;
		}
	}

}
