package io.github.entraauth.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real browser against the local peers: users sign in on the Entra emulator's account picker,
 * their groups become roles, editors run Spark SQL through Livy as themselves and see their own results, viewers are
 * neither offered nor allowed code and see no one else's results, an admin closes another user's session, and a
 * user in more groups than fit in a token still gets the right role (read from the Graph stand-in).
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.orders=0", "sample.demo.span=0s" })
class WebUiBrowserTests {

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() {
		browser = Browsers.start();
	}

	@AfterAll
	static void stopBrowser() {
		browser.quit();
	}

	@BeforeEach
	void signedOut() {
		open("/signed-out");
		browser.manage().deleteAllCookies();
	}

	@Test
	void editorRunsSparkSqlAsThemselvesAndSeesTheTable() {
		signIn("alice@contoso.test");
		assertThat(text("roles")).isEqualTo("EDITOR");

		List<List<String>> table = runDefaultQuery();

		assertThat(table).containsExactly(List.of("region", "total"), List.of("north", "460"),
				List.of("south", "290"), List.of("west", "75"));
		Browsers.screenshot(browser, "editor-run");
		// the tables of the lakehouse, listed from the user's session; one opens a query on it
		assertThat(browser.findElements(By.cssSelector("#tables li")).stream().map(WebElement::getText))
			.contains("sales");
		browser.findElement(By.id("table-sales")).click();
		assertThat(waitFor(By.id("sql")).getAttribute("value")).isEqualTo("SELECT * FROM sales LIMIT 20");
		assertThat(browser.findElements(By.cssSelector("#tables li")).stream().map(WebElement::getText))
			.contains("sales");
		open("/");
		waitFor(By.id("user-name"));
		Browsers.screenshot(browser, "editor-home");
		signOut();
	}

	@Test
	void theStylesheetsAreServedByTheApplicationEvenWhenSignedOut() {
		open("/webjars/bootstrap/css/bootstrap.min.css");
		assertThat(browser.getPageSource()).contains("Bootstrap");
		open("/css/sample.css");
		assertThat(browser.getPageSource()).contains(".brand-sub");
	}

	@Test
	void viewerSeesNeitherTheFormNorAnotherUsersResultsAndIsRefusedToRunCode() {
		signIn("alice@contoso.test");
		runDefaultQuery();
		open("/");
		assertThat(browser.findElement(By.tagName("body")).getText()).contains("north 460");
		signOut();

		signIn("bob@contoso.test");
		assertThat(text("roles")).isEqualTo("VIEWER");
		assertThat(browser.findElements(By.id("run-link"))).isEmpty();
		assertThat(browser.findElements(By.id("nav-run"))).isEmpty();
		assertThat(text("viewer-note")).contains("running code needs the EDITOR or ADMIN role");
		assertThat(text("no-results")).isEqualTo("No statements of yours yet.");
		assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("north 460");

		open("/run");
		assertThat(text("forbidden")).contains("403");
	}

	@Test
	void adminClosesAnotherUsersSession() {
		signIn("alice@contoso.test");
		runDefaultQuery();
		String alicesSession = text("session-id");
		signOut();

		signIn("carol@contoso.test");
		assertThat(text("roles")).isEqualTo("ADMIN");
		browser.findElement(By.id("nav-sessions")).click();
		WebElement row = browser.findElement(By.id("session-" + alicesSession));
		assertThat(row.getText()).contains("another user");
		browser.findElement(By.id("close-" + alicesSession)).click();
		waitFor(By.tagName("h1"));
		assertThat(browser.findElements(By.id("session-" + alicesSession))).isEmpty();
		signOut();

		signIn("alice@contoso.test");
		browser.findElement(By.id("nav-sessions")).click();
		assertThat(browser.findElements(By.id("session-" + alicesSession))).isEmpty();
	}

	@Test
	void userInMoreGroupsThanFitInTheTokenStillGetsTheirRole() {
		signIn("dave@contoso.test");

		assertThat(text("roles")).isEqualTo("EDITOR");
		assertThat(runDefaultQuery()).hasSize(4);
	}

	/** Opens the app, which sends the browser to the emulator's account picker, and picks the user. */
	private void signIn(String username) {
		open("/");
		waitFor(By.id(username)).click();
		waitFor(By.id("user-name"));
		assertThat(text("username")).isEqualTo(username);
	}

	private void signOut() {
		browser.findElement(By.id("sign-out")).click();
		assertThat(waitFor(By.id("signed-out")).getText()).isEqualTo("You are signed out");
	}

	/** Runs the form's default query and returns the result table, header row first. */
	private List<List<String>> runDefaultQuery() {
		open("/run");
		browser.findElement(By.id("run")).click();
		WebElement result = waitFor(By.cssSelector("#result table"));
		return result.findElements(By.tagName("tr"))
			.stream()
			.map((row) -> row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList())
			.toList();
	}

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private String text(String id) {
		return waitFor(By.id(id)).getText();
	}

	private static WebElement waitFor(By locator) {
		return new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.presenceOfElementLocated(locator));
	}

}
