package io.chatnode.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the page's tests, driven by its own chromedriver. Installed with
 * apt-get when missing (CI runs as root on a fresh machine); a test class is skipped, loudly, only
 * when it cannot be installed. Selenium is given both executables, so it downloads nothing.
 */
final class Chromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private static Boolean available;

  private Chromium() {}

  /** Whether Chromium and chromedriver are there, installing them first if they are not. */
  static synchronized boolean available() {
    if (available == null) {
      available = present() || (install() && present());
      if (!available) {
        System.err.println("""

            ############################################################################
            #  SKIPPED: the web page's browser tests. No Chromium here, and
            #  `apt-get install chromium chromium-driver` failed (see above).
            #  Install both packages and run `mvn verify` again.
            ############################################################################
            """);
      }
    }
    return available;
  }

  private static boolean present() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  private static boolean install() {
    System.err.println("Chromium is missing: installing Debian's chromium and chromium-driver");
    return run(List.of("apt-get", "update")) && run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
  }

  private static boolean run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      System.err.println(command.get(0) + ": " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A fresh headless browser with a profile of its own under {@code profile}. */
  static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
