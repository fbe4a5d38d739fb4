package io.chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.auth.PasswordHash;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The chat page in a real headless Chromium against a real node: what a person does, found the
 * way assistive technology finds it (labels, roles, landmarks). One browser for the class, a tab
 * per person; one node, restarted once under an open page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageIT {

  static final Path SCREENSHOTS = ChatPage.SCREENSHOTS;

  @TempDir
  static Path profile;

  /** The tests' own clients; the node runs on a Vert.x of its own, as in its own process. */
  static Vertx vertx;
  static Vertx nodeVertx;
  static ChatNode node;
  static ChromeDriver browser;
  static String firstTab;

  @BeforeAll
  static void startNodeAndBrowser() throws IOException {
    Assumptions.assumeTrue(Chromium.available(), "no Chromium: the browser tests are skipped");
    Files.createDirectories(SCREENSHOTS);
    vertx = Vertx.vertx();
    nodeVertx = Vertx.vertx();
    node = TestNodes.start(nodeVertx, new JsonObject().put("limits.chatRate", 0));
    browser = Chromium.start(profile);
    firstTab = browser.getWindowHandle();
  }

  @AfterAll
  static void stopAll() {
    if (browser != null) {
      browser.quit();
    }
    if (vertx != null) {
      Await.await(vertx.close());
      Await.await(nodeVertx.close());
    }
  }

  /** Each test leaves one blank tab, so that tabs of one test do not talk in the next. */
  @AfterEach
  void closeTabs() {
    for (String handle : browser.getWindowHandles()) {
      browser.switchTo().window(handle);
      if (browser.getCurrentUrl().startsWith("http")) {
        browser.executeScript("sessionStorage.clear()"); // the nickname and rooms a reload would restore
      }
      if (!handle.equals(firstTab)) {
        browser.close();
      }
    }
    browser.switchTo().window(firstTab).get("about:blank");
  }

  // ---- a person's tab ---------------------------------------------------------------------------

  /** A new tab on the page, connected; its nickname set to {@code nick} unless null. */
  private ChatPage open(String nick) {
    if (browser.getCurrentUrl().startsWith("about:")) {
      browser.get(pageUrl());
    } else {
      browser.switchTo().newWindow(WindowType.TAB).get(pageUrl());
    }
    ChatPage tab = new ChatPage(browser, vertx);
    tab.waitFor(() -> tab.status().startsWith("connected as "), "connected");
    if (nick != null) {
      tab.setNick(nick);
    }
    return tab;
  }

  private static String pageUrl() {
    return "http://127.0.0.1:" + node.webPort() + "/";
  }

  private static void screenshot(String name) {
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- the tests ------------------------------------------------------------------------------

  @Test
  @Order(1)
  void onLoadItConnectsShowsTheGuestNicknameAndTheLobby() {
    ChatPage tab = open(null);
    String guest = tab.status().substring("connected as ".length());
    assertTrue(guest.matches("guest-[a-z0-9]{6}"), guest);
    assertEquals(guest, tab.byLabel("Nickname").getAttribute("value"));
    assertEquals(List.of("# lobby"), tab.roomNames());
    assertEquals("page", tab.roomAttribute("# lobby", "aria-current"));
    assertTrue(tab.members().contains(guest), "the person is a member of the lobby: " + tab.members());
    long firstMs = Long.parseLong((String) tab.script("return document.documentElement.dataset.connectedMs"));
    browser.navigate().refresh(); // a person's next visit: the browser is up, the files revalidated (304)
    tab.waitFor(() -> tab.status().startsWith("connected as "), "connected again");
    long againMs = Long.parseLong((String) tab.script("return document.documentElement.dataset.connectedMs"));
    System.out.println("web page: navigation start to connected " + firstMs + " ms on the browser's first page, "
        + againMs + " ms on a reload");
    assertTrue(againMs < 3000, "connected " + againMs + " ms after the navigation began (a loaded CI machine has room)");
    for (String control : List.of("Nickname", "Join room", "Message")) {
      assertTrue(tab.byLabel(control).isDisplayed(), control);
    }
  }

  @Test
  @Order(2)
  void twoBrowserSessionsChatInARoom() {
    ChatPage ann = open("ann");
    ChatPage ben = open("ben");
    ann.joinRoom("garden");
    ben.joinRoom("garden");
    ann.waitFor(() -> ann.members().contains("ben"), "ben in the member list");
    ann.type("hello ben, see https://example.org/x?y=1.");
    ben.waitFor(() -> ben.messages().contains("ann: hello ben, see https://example.org/x?y=1."), "ann's message");
    ben.type("hi ann");
    ann.waitFor(() -> ann.messages().contains("ben: hi ann"), "ben's reply");
    assertEquals(List.of("ann: hello ben, see https://example.org/x?y=1.", "ben: hi ann"), ann.messages());
    WebElement link = ben.log().findElement(By.cssSelector(".msg a"));
    assertEquals("https://example.org/x?y=1", link.getAttribute("href"));
    assertEquals("noopener noreferrer", link.getAttribute("rel"));
    assertEquals("_blank", link.getAttribute("target"));
    assertTrue(ann.log().findElements(By.cssSelector(".msg.own")).size() == 1, "the person's own message is marked");
    // A fuller scene for the README's picture: a conversation, another room, a private message.
    LineClient tom = LineClient.connect(vertx, node.port());
    assertEquals("ok tim", tom.call("nick tim"));
    assertEquals("ok garden", tom.call("join garden"));
    assertEquals("ok", tom.call("say garden the tomatoes are in, ann: come and see"));
    ben.type("on my way, bringing the watering can");
    assertEquals("ok dev", tom.call("join dev"));
    ann.joinRoom("dev");
    ann.clickRoom("# garden");
    assertEquals("ok", tom.call("say dev build 1.4 is green"));
    assertEquals("ok", tom.call("msg ann lunch at 1?"));
    ann.waitFor(() -> ann.roomNames().contains("@ tim") && ann.lastMessage().startsWith("ben: on my way"), "the scene");
    ann.type("great, see you in five minutes");
    ann.waitFor(() -> ann.lastMessage().equals("ann: great, see you in five minutes"), "ann's reply");
    screenshot("desktop");
    browser.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
        List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
    ann.waitFor(() -> "rgb(22, 24, 28)".equals(ann.script("return getComputedStyle(document.body).backgroundColor")),
        "dark mode from prefers-color-scheme");
    screenshot("desktop-dark");
    browser.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features", List.of()));
    tom.close();
    ann.focus();
    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      ann.waitFor(() -> ann.byLabel("Message").isDisplayed(), "the composer at phone width");
      assertEquals(Boolean.TRUE, ann.script("return document.documentElement.scrollWidth <= window.innerWidth"),
          "no horizontal scrolling on a phone");
      assertFalse(browser.findElement(By.id("members")).isDisplayed(), "members behind the toggle");
      screenshot("phone");
      browser.findElement(By.xpath("//button[starts-with(normalize-space(), 'Members')]")).click();
      assertTrue(browser.findElement(By.id("members")).isDisplayed());
      screenshot("phone-members");
      browser.findElement(By.id("members-close")).click();
      assertFalse(browser.findElement(By.id("members")).isDisplayed(), "and closed again");
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 800));
    }
  }

  @Test
  @Order(3)
  void aBrowserUserAndATcpUserChatBothWaysAndByPrivateMessage() {
    ChatPage cat = open("cat");
    LineClient tom = LineClient.connect(vertx, node.port());
    assertEquals("ok tom", tom.call("nick tom"));
    cat.waitFor(() -> cat.members().contains("tom"), "tom in the lobby");
    cat.type("hi tom");
    assertEquals("msg lobby cat hi tom", tom.pushMatching(l -> l.startsWith("msg ")));
    assertEquals("ok", tom.call("say lobby hi cat, from a terminal"));
    cat.waitFor(() -> cat.messages().contains("tom: hi cat, from a terminal"), "tom's message");
    assertEquals(1, cat.log().findElements(By.cssSelector(".msg.mention")).size(), "a mention is highlighted");

    assertEquals("ok", tom.call("msg cat psst"));
    cat.waitFor(() -> cat.roomNames().contains("@ tom"), "a private conversation in the room list");
    String label = cat.roomAttribute("@ tom", "aria-label");
    assertTrue(label.contains("1 unread"), label);
    cat.waitFor(() -> browser.getTitle().equals("(1) chatnode"), "the unread count in the tab's title");
    cat.clickRoom("@ tom");
    cat.waitFor(() -> cat.messages().equals(List.of("tom: psst")), "the private message");
    cat.type("psst yourself");
    assertEquals("dm cat psst yourself", tom.pushMatching(l -> l.startsWith("dm ")));
    cat.type("/msg tom by command");
    assertEquals("dm cat by command", tom.pushMatching(l -> l.startsWith("dm ")));
    tom.close();
  }

  @Test
  @Order(4)
  void aRenameIsSeenInTheMemberListAndATakenNicknameIsExplained() {
    ChatPage dot = open("dot");
    LineClient tcp = LineClient.connect(vertx, node.port());
    assertEquals("ok eve", tcp.call("nick eve"));
    dot.waitFor(() -> dot.members().contains("eve"), "eve in the member list");
    assertEquals("ok eva", tcp.call("nick eva"));
    dot.waitFor(() -> dot.members().contains("eva") && !dot.members().contains("eve"), "eve renamed to eva");
    WebElement field = dot.byLabel("Nickname");
    field.clear();
    field.sendKeys("eva", Keys.ENTER);
    dot.waitFor(() -> dot.notice().contains("taken"), "the refusal of a taken nickname");
    assertEquals("connected as dot", dot.status());
    tcp.close();
  }

  @Test
  @Order(5)
  void markupInAMessageIsShownAsTextAndRunsNothing() {
    ChatPage fay = open("fay");
    LineClient tcp = LineClient.connect(vertx, node.port());
    String attack = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    assertEquals("ok", tcp.call("say lobby " + attack));
    String from = tcp.guestNick();
    fay.waitFor(() -> fay.messages().contains(from + ": " + attack), "the message, literally");
    assertTrue(fay.log().findElements(By.tagName("img")).isEmpty(), "no image element was made");
    assertTrue(fay.log().findElements(By.tagName("script")).isEmpty(), "no script element was made");
    assertEquals("connected as fay", fay.status(), "no alert interrupted the page");
    tcp.close();
  }

  @Test
  @Order(6)
  void aLineOverTheLimitIsExplainedAndKeptAndKeysWork() {
    ChatPage gus = open("gus");
    gus.joinRoom("attic");
    String tooLong = "x".repeat(4100);
    gus.byLabel("Message").sendKeys(tooLong, Keys.ENTER);
    gus.waitFor(() -> gus.notice().contains("too long"), "the line limit explained");
    assertEquals(tooLong, gus.byLabel("Message").getAttribute("value"), "the text is kept");
    gus.byLabel("Message").clear();
    gus.type("first");
    gus.waitFor(() -> gus.messages().contains("gus: first"), "sent");
    gus.byLabel("Message").sendKeys(Keys.ARROW_UP);
    assertEquals("first", gus.byLabel("Message").getAttribute("value"), "Up recalls the last line");
    gus.byLabel("Message").clear();
    assertEquals("page", gus.roomAttribute("# attic", "aria-current"));
    gus.byLabel("Message").sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_UP));
    gus.waitFor(() -> "page".equals(gus.roomAttribute("# lobby", "aria-current")), "Alt+Up to the lobby");
    LineClient guido = LineClient.connect(vertx, node.port());
    assertEquals("ok guido", guido.call("nick guido"));
    gus.waitFor(() -> gus.members().contains("guido"), "guido in the lobby");
    gus.byLabel("Message").sendKeys("gui", Keys.TAB);
    assertEquals("guido: ", gus.byLabel("Message").getAttribute("value"), "Tab completes a member's nickname");
    guido.close();
  }

  @Test
  @Order(7)
  void aBusyRoomKeepsTheNewestThousandMessagesAndStaysResponsive() {
    ChatPage ivy = open("ivy");
    ivy.joinRoom("busy");
    LineClient talker = LineClient.connect(vertx, node.port());
    assertEquals("ok busy", talker.call("join busy"));
    for (int i = 1; i <= 1500; i++) {
      talker.send("say busy line " + i);
    }
    talker.replies(1500);
    ivy.waitFor(() -> ivy.lastMessage().endsWith("line 1500"), "the last of 1500 lines");
    long shown = (Long) ivy.script("return document.querySelectorAll('[role=log] .msg').length");
    assertTrue(shown <= 1000, shown + " messages in the page: older ones are let go");
    long startedAt = System.nanoTime();
    ivy.script("document.querySelector('[role=log]').scrollTop = 0");
    ivy.type("still quick");
    ivy.waitFor(() -> ivy.lastMessage().equals("ivy: still quick"), "typing after the flood");
    System.out.println("web page: scrolled through and sent after 1500 lines in "
        + (System.nanoTime() - startedAt) / 1_000_000 + " ms");
    talker.close();
  }

  @Test
  @Order(8)
  void theNodeRestartedUnderAnOpenPageItReconnectsWithNicknameAndRooms() {
    ChatPage hal = open("hal");
    hal.joinRoom("porch");
    int port = node.port();
    int webPort = node.webPort();
    Await.await(node.stop());
    Await.await(nodeVertx.close());
    hal.waitFor(() -> hal.status().contains("reconnecting in"), "reconnecting");
    nodeVertx = Vertx.vertx();
    node = TestNodes.start(nodeVertx, new JsonObject().put("port", port).put("web.port", webPort).put("limits.chatRate", 0));
    hal.waitFor(() -> hal.status().equals("connected as hal"), "reconnected as hal");
    assertEquals(List.of("# lobby", "# porch"), hal.roomNames());
    LineClient tcp = LineClient.connect(vertx, node.port());
    assertTrue(List.of(tcp.call("who lobby").split(" ")).contains("hal"), "hal is back in the lobby");
    assertEquals("ok hal", tcp.call("who porch"));
    assertEquals("ok porch", tcp.call("join porch"));
    assertEquals("ok", tcp.call("say porch welcome back"));
    hal.waitFor(() -> hal.messages().contains(tcp.guestNick() + ": welcome back"), "chat after the restart");
    tcp.close();
  }

  @Test
  @Order(9)
  void withLoginOnTheLoginFormComesFirst(@TempDir Path dir) throws IOException {
    Path users = dir.resolve("users");
    Files.write(users, List.of("alice:" + PasswordHash.create("open sesame".toCharArray(), PasswordHash.MIN_ITERATIONS)));
    ChatNode guarded = TestNodes.start(nodeVertx, new JsonObject().put("auth.enabled", true)
        .put("auth.usersFile", users.toString()).put("auth.failureDelayMs", 0));
    try {
      browser.switchTo().newWindow(WindowType.TAB).get("http://127.0.0.1:" + guarded.webPort() + "/");
      ChatPage tab = new ChatPage(browser, vertx);
      tab.waitFor(() -> tab.byLabel("User").isDisplayed(), "the login form");
      assertFalse(browser.findElement(By.id("chat")).isDisplayed(), "no chat before the login");
      tab.byLabel("User").sendKeys("alice");
      tab.byLabel("Password").sendKeys("wrong", Keys.ENTER);
      tab.waitFor(() -> tab.notice().equals("Wrong user name or password."), "the refusal");
      tab.byLabel("Password").sendKeys("open sesame", Keys.ENTER);
      tab.waitFor(() -> tab.status().equals("connected as alice"), "logged in as alice");
      assertEquals(List.of("# lobby"), tab.roomNames());
      assertFalse(tab.byLabel("User").isDisplayed(), "the form is gone");
      assertEquals("", tab.byLabel("Password").getAttribute("value"), "the password is not left in the page");
    } finally {
      Await.await(guarded.stop());
    }
  }
}
