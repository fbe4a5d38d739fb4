package io.chatnode.web;

import io.chatnode.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The chat page in one tab of a test's browser, read and driven the way a person (and assistive
 * technology) finds it: by labels, roles and landmarks. What the page shows is read in the page in
 * one script, since the page redraws as it likes.
 */
final class ChatPage {

  static final Path SCREENSHOTS = Path.of("target", "web-screenshots");

  private final ChromeDriver browser;
  private final Vertx vertx;
  private final String handle;

  /** The page in the browser's current tab. */
  ChatPage(ChromeDriver browser, Vertx vertx) {
    this.browser = browser;
    this.vertx = vertx;
    this.handle = browser.getWindowHandle();
  }

  /** Opens {@code url} in the browser's current tab and waits until the page is connected. */
  static ChatPage open(ChromeDriver browser, Vertx vertx, String url) {
    browser.get(url);
    ChatPage page = new ChatPage(browser, vertx);
    page.waitFor(() -> page.status().startsWith("connected as "), "connected");
    return page;
  }

  ChatPage focus() {
    browser.switchTo().window(handle);
    return this;
  }

  WebElement byLabel(String label) {
    focus();
    String id = browser.findElement(By.xpath("//label[normalize-space()='" + label + "']")).getAttribute("for");
    return browser.findElement(By.id(id));
  }

  String status() {
    focus();
    return browser.findElement(By.cssSelector("[role=status]")).getText();
  }

  void setNick(String nick) {
    WebElement field = byLabel("Nickname");
    field.clear();
    field.sendKeys(nick, Keys.ENTER);
    waitFor(() -> status().equals("connected as " + nick), "nickname " + nick);
  }

  void type(String text) {
    byLabel("Message").sendKeys(text, Keys.ENTER);
  }

  void joinRoom(String room) {
    byLabel("Join room").sendKeys(room, Keys.ENTER);
    waitFor(() -> roomNames().contains("# " + room), "joined " + room);
  }

  /** The messages of the open conversation, "from: text", oldest first. */
  List<String> messages() {
    return strings("return [...document.querySelectorAll('[role=log] .msg')]"
        + ".map(m => m.querySelector('.from').textContent + ': ' + m.querySelector('.text').textContent)");
  }

  /** The newest message as "from: text", or "" when there is none. */
  String lastMessage() {
    return strings("const m = [...document.querySelectorAll('[role=log] .msg')].pop();"
        + " return m ? [m.querySelector('.from').textContent + ': ' + m.querySelector('.text').textContent] : ['']").get(0);
  }

  WebElement log() {
    focus();
    return browser.findElement(By.cssSelector("[role=log]"));
  }

  List<String> roomNames() {
    return strings("return [...document.querySelectorAll('nav[aria-label=Rooms] li button .name')].map(n => n.textContent)");
  }

  /** An attribute of the room list's button for {@code shownName} ("# lobby", "@ tom"), or null. */
  String roomAttribute(String shownName, String attribute) {
    String value = strings("const b = [...document.querySelectorAll('nav[aria-label=Rooms] li button')]"
        + ".find(b => b.querySelector('.name').textContent === arguments[0]);"
        + " return [b ? String(b.getAttribute(arguments[1])) : 'no such room']", shownName, attribute).get(0);
    return value.equals("null") ? null : value;
  }

  /** Clicks a room's button as a person would; again if the list was redrawn under the click. */
  void clickRoom(String shownName) {
    waitFor(() -> {
      try {
        browser.findElements(By.cssSelector("nav[aria-label=Rooms] li button")).stream()
            .filter(b -> b.findElement(By.className("name")).getText().equals(shownName)).findFirst().orElseThrow()
            .click();
        return true;
      } catch (StaleElementReferenceException e) {
        return false;
      }
    }, "a click on " + shownName);
  }

  /** The notice (role alert) shown, or "". */
  String notice() {
    focus();
    return browser.findElements(By.cssSelector("[role=alert]")).stream().filter(WebElement::isDisplayed)
        .map(WebElement::getText).findFirst().orElse("");
  }

  List<String> members() {
    return strings("return [...document.querySelectorAll('ul[aria-label=Members] li')].map(li => li.textContent)");
  }

  String title() {
    focus();
    return browser.getTitle();
  }

  @SuppressWarnings("unchecked")
  List<String> strings(String js, Object... args) {
    focus();
    return ((List<Object>) browser.executeScript(js, args)).stream().map(String::valueOf).toList();
  }

  Object script(String js, Object... args) {
    focus();
    return browser.executeScript(js, args);
  }

  /** Waits, up to {@code seconds}, until the page shows {@code what}; a screenshot if it never does. */
  void waitFor(BooleanSupplier condition, String what, long seconds) {
    try {
      Await.poll(vertx, () -> {
        focus();
        return condition.getAsBoolean();
      }, seconds);
    } catch (AssertionError e) {
      screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
      throw new AssertionError("the page did not show: " + what + " (status: " + status() + ", notice: " + notice()
          + ", messages: " + messages() + ")", e);
    }
  }

  void waitFor(BooleanSupplier condition, String what) {
    waitFor(condition, what, 15);
  }

  void screenshot(String name) {
    focus();
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
