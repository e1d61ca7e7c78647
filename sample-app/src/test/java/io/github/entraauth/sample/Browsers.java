package io.github.entraauth.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.htmlunit.BrowserVersion;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;
import org.openqa.selenium.htmlunit.options.HtmlUnitDriverOptions;
import org.openqa.selenium.htmlunit.options.HtmlUnitOption;

/**
 * The browser for the web UI tests: headless Chromium when {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * are both installed (Debian packages {@code chromium} and {@code chromium-driver}), otherwise HtmlUnit. The system
 * property {@code sample.browser=htmlunit} forces HtmlUnit. Either trusts the emulator's self-signed certificate.
 */
final class Browsers {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private Browsers() {
	}

	static WebDriver start() {
		boolean chromium = !"htmlunit".equalsIgnoreCase(System.getProperty("sample.browser"))
				&& Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		WebDriver driver = chromium ? chromium() : htmlUnit();
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		System.out.println("Browser tests use " + (chromium ? "headless Chromium (" + CHROMIUM + ")"
				: "HtmlUnit (set up Chromium with the Debian packages chromium and chromium-driver to use it)"));
		return driver;
	}

	/**
	 * Saves what the browser shows to {@code target/screenshots/<name>.png} when it can take screenshots
	 * (Chromium); HtmlUnit renders nothing, so it saves none and says so.
	 */
	static void screenshot(WebDriver driver, String name) {
		if (!(driver instanceof TakesScreenshot camera)) {
			System.out.println("No screenshot " + name + ": HtmlUnit renders no pixels");
			return;
		}
		try {
			Path file = Path.of("target", "screenshots", name + ".png");
			Files.createDirectories(file.getParent());
			Files.write(file, camera.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static WebDriver chromium() {
		Path profile;
		try {
			profile = Files.createTempDirectory("sample-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--window-size=1280,800", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile);
		options.setAcceptInsecureCerts(true);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static WebDriver htmlUnit() {
		// the pages need no JavaScript
		HtmlUnitDriverOptions options = new HtmlUnitDriverOptions(BrowserVersion.BEST_SUPPORTED, false);
		options.setCapability(HtmlUnitOption.USE_INSECURE_SSL.getCapabilityKey(), true);
		return new HtmlUnitDriver(options);
	}

}
