package io.github.entraauth.sample;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.github.entraauth.livy.LivyException;
import io.github.entraauth.livy.LivySession;
import io.github.entraauth.livy.ResultTable;
import io.github.entraauth.livy.SessionInfo;
import io.github.entraauth.livy.user.UserLivyService;
import io.github.entraauth.livy.user.UserLivyServices;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The web UI: who you are and your roles, Spark SQL through Livy as yourself (editors and admins) and your own
 * recent results, your Livy sessions (admins: everyone's, with a close button).
 */
@Controller
class WebUiController {

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	static final String DEFAULT_SQL = "SELECT region, SUM(amount) AS total FROM sales GROUP BY region ORDER BY region";

	private final UserLivyServices livy;

	private final RecentResults recent;

	WebUiController(UserLivyServices livy, RecentResults recent) {
		this.livy = livy;
		this.recent = recent;
	}

	/** Whether the page offers to run Spark SQL (the navigation and the home page); GET /run is refused anyway. */
	@ModelAttribute("canRun")
	boolean canRun(@Nullable Authentication user) {
		if (user == null) {
			return false;
		}
		List<String> roles = roles(user);
		return roles.contains("EDITOR") || roles.contains("ADMIN");
	}

	@GetMapping("/")
	String home(Authentication user, Model model) {
		model.addAttribute("name", displayName(user));
		model.addAttribute("username", user.getName());
		model.addAttribute("roles", roles(user));
		model.addAttribute("recent", this.recent.list(ResultOwner.of(user)));
		return "home";
	}

	/** The form, with the tables of the user's idle session if there is one; {@code table} fills in a query. */
	@GetMapping("/run")
	String runForm(@RequestParam(required = false) @Nullable String table, Authentication user, Model model) {
		boolean known = table != null && TABLE_NAME.matcher(table).matches();
		model.addAttribute("sql", known ? "SELECT * FROM " + table + " LIMIT 20" : DEFAULT_SQL);
		UserLivyService mine = this.livy.forUser(user);
		model.addAttribute("tables", idleSession(mine).map(WebUiController::tables).orElse(List.of()));
		return "run";
	}

	@PostMapping("/run")
	String run(@RequestParam String sql, Authentication user, Model model) {
		model.addAttribute("sql", sql);
		model.addAttribute("tables", List.of());
		UserLivyService mine = this.livy.forUser(user);
		try {
			LivySession session = idleSession(mine).orElseGet(mine::startSession);
			ResultTable table = session.sql(sql).table();
			model.addAttribute("tables", tables(session));
			model.addAttribute("sessionId", session.id());
			if (table != null) {
				model.addAttribute("table", table);
				this.recent.add(ResultOwner.of(user), new RecentResults.Result(sql, table, Instant.now()));
			}
		}
		catch (LivyException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return "run";
	}

	@GetMapping("/sessions")
	String sessions(Authentication user, Model model) {
		UserLivyService mine = this.livy.forUser(user);
		model.addAttribute("admin", mine.isAdmin());
		model.addAttribute("sessions", mine.sessions().stream()
			.map((session) -> new SessionRow(session, mine.owns(session)))
			.toList());
		return "sessions";
	}

	@PostMapping("/sessions/{id}/close")
	String close(@PathVariable String id, Authentication user) {
		this.livy.forUser(user).closeSession(id);
		return "redirect:/sessions";
	}

	@GetMapping("/signed-out")
	String signedOut() {
		return "signed-out";
	}

	/** One of the user's own idle sessions, reused so that each query does not start a Spark session. */
	private static Optional<LivySession> idleSession(UserLivyService mine) {
		return mine.sessions().stream()
			.filter((session) -> mine.owns(session) && "idle".equals(session.state()))
			.findFirst()
			.flatMap((session) -> mine.session(session.id()));
	}

	/**
	 * The tables the session sees: {@code SHOW TABLES} names the column {@code tableName} on Spark and
	 * {@code TABLE_NAME} on the emulator's H2.
	 */
	private static List<String> tables(LivySession session) {
		try {
			ResultTable shown = session.sql("SHOW TABLES").table();
			if (shown == null) {
				return List.of();
			}
			int column = -1;
			for (int i = 0; i < shown.columns().size(); i++) {
				if (shown.columns().get(i).name().replace("_", "").equalsIgnoreCase("tablename")) {
					column = i;
				}
			}
			int index = column;
			return (index < 0) ? List.of()
					: shown.rows().stream().map((row) -> String.valueOf(row.get(index)).toLowerCase(Locale.ROOT))
						.sorted().toList();
		}
		catch (LivyException ex) {
			return List.of();
		}
	}

	private static String displayName(Authentication user) {
		if (user.getPrincipal() instanceof OidcUser oidc && oidc.getFullName() != null) {
			return oidc.getFullName();
		}
		return user.getName();
	}

	private static List<String> roles(Authentication user) {
		return user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring(5))
			.sorted()
			.toList();
	}

	/**
	 * A session as the sessions page shows it.
	 *
	 * @param session the session
	 * @param mine whether the signed-in user started it
	 */
	record SessionRow(SessionInfo session, boolean mine) {
	}

}
