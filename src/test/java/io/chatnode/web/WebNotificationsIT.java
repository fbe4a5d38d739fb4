package io.chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Browser notifications: with the permission granted (as when the person clicked "Enable
 * notifications" and allowed them) and the tab hidden, a private message and a mention each make
 * a notification, other chat does not, and the tab's title counts what is unread.
 *
 * <p>The test harness, not the page, records notifications and plays the tab being hidden: before
 * the page loads, DevTools adds a script that wraps {@code window.Notification} (recording each
 * one, then making the real one) and lets the test set {@code document.hidden}, firing
 * {@code visibilitychange} as a browser does. Headless Chromium has no window to minimise.
 */
class WebNotificationsIT {

  /** Runs in the page before its own scripts (DevTools scripts are not subject to the page's CSP). */
  private static final String HARNESS = """
      (() => {
        const Real = window.Notification;
        window.__notifications = [];
        function Recorded(title, options) {
          window.__notifications.push({ title, body: (options && options.body) || '' });
          try { return new Real(title, options); } catch (e) { return { close() {} }; }
        }
        Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
        Recorded.requestPermission = (...args) => Real.requestPermission(...args);
        window.Notification = Recorded;
        let hidden = false;
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
        Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true,
          get: () => (hidden ? 'hidden' : 'visible') });
        window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
      })();
      """;

  @TempDir
  static Path profile;

  static Vertx vertx;
  static Vertx nodeVertx;
  static ChatNode node;
  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Chromium.available(), "no Chromium: the browser tests are skipped");
    vertx = Vertx.vertx();
    nodeVertx = Vertx.vertx();
    node = TestNodes.start(nodeVertx, new JsonObject().put("limits.chatRate", 0));
    browser = Chromium.start(profile);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (vertx != null) {
      Await.await(vertx.close());
      Await.await(nodeVertx.close());
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> notifications(ChatPage page) {
    return ((List<Object>) page.script("return window.__notifications.map(n => n.title + ' | ' + n.body)"))
        .stream().map(String::valueOf).toList();
  }

  @Test
  void aPrivateMessageAndAMentionNotifyWhileTheTabIsHiddenAndTheTitleCountsUnread() {
    String origin = "http://127.0.0.1:" + node.webPort();
    browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin, "permissions", List.of("notifications")));
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HARNESS));
    ChatPage uma = ChatPage.open(browser, vertx, origin + "/");
    uma.setNick("uma");
    assertEquals("granted", uma.script("return Notification.permission"));
    assertEquals(Boolean.TRUE, uma.script("return document.getElementById('notify').hidden"),
        "no \"Enable notifications\" button once they are allowed");
    LineClient vic = LineClient.connect(vertx, node.port());
    assertEquals("ok vic", vic.call("nick vic"));
    uma.waitFor(() -> uma.members().contains("vic"), "vic in the lobby");

    uma.script("window.__setHidden(true)");
    assertEquals("ok", vic.call("msg uma psst, a secret"));
    uma.waitFor(() -> notifications(uma).size() == 1, "a notification of the private message");
    assertEquals(List.of("vic (private) | psst, a secret"), notifications(uma));
    uma.waitFor(() -> uma.title().equals("(1) chatnode"), "one unread in the title");

    assertEquals("ok", vic.call("say lobby small talk, for nobody in particular"));
    assertEquals("ok", vic.call("say lobby uma: lunch?"));
    uma.waitFor(() -> notifications(uma).size() == 2, "a notification of the mention");
    assertEquals(List.of("vic (private) | psst, a secret", "vic in # lobby | uma: lunch?"), notifications(uma),
        "the mention notifies; the small talk before it did not");
    uma.waitFor(() -> uma.title().equals("(3) chatnode"), "three unread in the title");

    // Back on the tab: the open room (the lobby) is read, the private conversation still waits.
    uma.script("window.__setHidden(false)");
    uma.waitFor(() -> uma.title().equals("(1) chatnode"), "the private message still unread in the title");
    assertEquals("ok", vic.call("say lobby uma: are you there?"));
    uma.waitFor(() -> uma.messages().contains("vic: uma: are you there?"), "the mention, seen");
    assertEquals("(1) chatnode", uma.title(), "a message seen as it comes is not unread");

    uma.script("window.__setHidden(true)");
    assertEquals("ok", vic.call("msg uma one more"));
    uma.waitFor(() -> notifications(uma).size() == 3, "a notification of the second private message");
    assertEquals(List.of("vic (private) | psst, a secret", "vic in # lobby | uma: lunch?", "vic (private) | one more"),
        notifications(uma), "the mention said while the tab was shown made no notification");
    uma.waitFor(() -> uma.title().equals("(2) chatnode"), "two unread in the title");
    vic.close();
  }
}
