package io.github.entraauth.livy.user;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.github.entraauth.livy.LivyService;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.SessionInfo;
import io.github.entraauth.livy.SessionOptions;

import org.springframework.security.access.AccessDeniedException;

/**
 * One signed-in user's Livy: every request carries the user's own delegated token, and the user sees and uses
 * only the sessions the {@link UserLivySessionOwners} record says they started (by the id the server returned and
 * the user's tid and oid). Sessions are also named {@code <entra.livy.session.name-prefix><oid>-<time>} and tagged
 * {@code entra-user-oid=<oid>} (Fabric), for people reading the server's lists only: any client can choose a name
 * or tag, so neither decides ownership. Members of {@code entra.security.livy.admin-role} also see and close
 * every other session, with their own token. Sessions started here are kept alive and reaped like the
 * application's own (see {@link LivyService}).
 */
public final class UserLivyService {

	/** The Fabric session tag naming the user a session belongs to. */
	public static final String USER_TAG = "entra-user-oid";

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

	private final LivyService livy;

	private final EntraUserId user;

	private final boolean admin;

	private final String namePrefix;

	private final UserLivySessionOwners owners;

	UserLivyService(LivyService livy, EntraUserId user, boolean admin, String namePrefix,
			UserLivySessionOwners owners) {
		this.livy = livy;
		this.user = user;
		this.admin = admin;
		this.namePrefix = namePrefix;
		this.owners = owners;
	}

	/**
	 * The user's object id, the {@code oid} claim.
	 * @return the oid
	 */
	public String userId() {
		return this.user.objectId();
	}

	/**
	 * The user's tenant and object id, the key of their sessions and tokens.
	 * @return the user's ids
	 */
	public EntraUserId user() {
		return this.user;
	}

	/**
	 * Whether the user has {@code entra.security.livy.admin-role}.
	 * @return whether the user administers every session
	 */
	public boolean isAdmin() {
		return this.admin;
	}

	/**
	 * Starts a session of the user with the configured defaults and waits until it is idle.
	 * @return the idle session
	 */
	public LivySession startSession() {
		return startSession(SessionOptions.defaults());
	}

	/**
	 * Starts a session of the user and waits until it is idle. The name is always the user's (a name in the
	 * options is replaced).
	 * @param options per-call overrides
	 * @return the idle session
	 */
	public LivySession startSession(SessionOptions options) {
		String time = LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIME);
		String name = this.namePrefix + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
		LivySession session = this.livy.startSession(options.withName(name).withTag(USER_TAG, this.user.objectId()));
		this.owners.record(this.user, session.id());
		return session;
	}

	/**
	 * The sessions this user may see: their own, or every session for an administrator.
	 * @return the sessions, as the server reports them
	 */
	public List<SessionInfo> sessions() {
		if (this.admin) {
			return this.livy.listSessions();
		}
		Set<String> own = this.owners.sessionsOf(this.user);
		return this.livy.listSessions().stream().filter((session) -> own.contains(session.id())).toList();
	}

	/**
	 * Whether a session is this user's: recorded as started by them, whatever its name or tags say.
	 * @param session a session
	 * @return whether the user started it
	 */
	public boolean owns(SessionInfo session) {
		return owns(session.id());
	}

	private boolean owns(String sessionId) {
		return this.owners.ownerOf(sessionId).map(this.user::equals).orElse(false);
	}

	/**
	 * One of the user's own sessions, to run statements in (administrators too may use only their own).
	 * @param sessionId the session id
	 * @return the session, or empty if the server does not know it
	 * @throws AccessDeniedException if it is not recorded as the user's session
	 */
	public Optional<LivySession> session(String sessionId) {
		if (!owns(sessionId)) {
			throw new AccessDeniedException("Livy session " + sessionId + " is not one of this user's");
		}
		Optional<SessionInfo> info = this.livy.getSession(sessionId);
		if (info.isEmpty()) {
			return Optional.empty();
		}
		LivySession tracked = this.livy.openSessions().stream().filter((s) -> s.id().equals(sessionId)).findFirst()
			.orElse(null);
		return Optional.of((tracked != null) ? tracked
				: this.livy.attachSession(sessionId, (info.get().kind() != null) ? info.get().kind() : "sql"));
	}

	/**
	 * Closes a session of the user, or any session for an administrator, with this user's token. A session that
	 * is already gone counts as closed.
	 * @param sessionId the session id
	 * @throws AccessDeniedException if it is not recorded as the user's and the user is no administrator
	 */
	public void closeSession(String sessionId) {
		if (!this.admin && !owns(sessionId)) {
			throw new AccessDeniedException("Livy session " + sessionId + " is not one of this user's");
		}
		if (this.livy.getSession(sessionId).isPresent()) {
			this.livy.closeSession(sessionId);
		}
		this.owners.remove(sessionId);
	}

}
