package io.chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page against a node that speaks protocol 1.1 (capabilities, message ids, history, loss
 * notices), which chatnode's node does not yet: a scripted stand-in serves the same page and
 * answers {@code cap}, {@code history} and the rest from a room of 300 numbered messages. The page
 * turns the capabilities on because {@code hello} offers them, loads the latest messages, scrolls
 * back with {@code history ... before}, fills a {@code lost} range and the gap of a reconnect with
 * {@code history ... after}: every message once, in order.
 */
class WebPageHistoryIT {

  @TempDir
  static Path profile;

  static Vertx vertx;
  static HttpServer server;
  static ChromeDriver browser;
  /** The room's messages: seq n is "message n" from bob. */
  static final List<Integer> room = new CopyOnWriteArrayList<>();
  static final List<String> requests = new CopyOnWriteArrayList<>();
  static volatile ServerWebSocket current;
  /** How many {@code nick} requests to refuse as taken, as a cluster does while a crashed node's user is not yet gone. */
  static volatile int nickRefusals;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Chromium.available(), "no Chromium: the browser tests are skipped");
    for (int seq = 1; seq <= 300; seq++) {
      room.add(seq);
    }
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/ws").handler(ctx -> ctx.request().toWebSocket().onSuccess(WebPageHistoryIT::greet));
    router.get().handler(StaticHandler.create(WebListener.WEB_ROOT));
    server = Await.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    browser = Chromium.start(profile);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (vertx != null) {
      Await.await(vertx.close());
    }
  }

  private static void greet(ServerWebSocket socket) {
    current = socket;
    socket.writeTextMessage("hello guest-abc123 version=1.1 node=stand-in max_line=4096 rate=0 burst=20 idle_s=0 "
        + "lobby=lobby caps=tags,history history_max=100 epoch=e1");
    socket.textMessageHandler(line -> answer(socket, line));
  }

  private static String hist(int seq) {
    return "hist lobby " + seq + " " + Instant.ofEpochSecond(1_700_000_000L + seq) + " bob message " + seq;
  }

  /** What a 1.1 node answers, for the requests the page makes. */
  private static void answer(ServerWebSocket socket, String line) {
    requests.add(line);
    String[] w = line.split(" ");
    switch (w[0]) {
      case "cap" -> socket.writeTextMessage("ok " + line.substring(4));
      case "nick" -> {
        if (nickRefusals > 0) {
          nickRefusals--;
          socket.writeTextMessage("err nick_taken nickname " + w[1] + " is taken");
        } else {
          socket.writeTextMessage("ok " + w[1]);
        }
      }
      case "join", "leave" -> socket.writeTextMessage("ok " + w[1]);
      case "who" -> socket.writeTextMessage("ok bob guest-abc123");
      case "history" -> {
        int latest = room.get(room.size() - 1);
        List<Integer> found = new ArrayList<>();
        int limit = Integer.parseInt(w[w.length - 1]);
        switch (w[2]) {
          case "latest" -> found.addAll(room.subList(Math.max(0, room.size() - limit), room.size()));
          case "before" -> {
            List<Integer> older = room.stream().filter(s -> s < Integer.parseInt(w[3])).toList();
            found.addAll(older.subList(Math.max(0, older.size() - limit), older.size()));
          }
          default -> found.addAll(room.stream().filter(s -> s > Integer.parseInt(w[3])).limit(limit).toList());
        }
        found.forEach(seq -> socket.writeTextMessage(hist(seq)));
        socket.writeTextMessage("ok count=" + found.size() + " latest=" + latest);
      }
      default -> socket.writeTextMessage("err unknown_command " + w[0]);
    }
  }

  /** A message said in the room: stored, and pushed live unless {@code lostForThePage}. */
  private static void said(boolean lostForThePage) {
    int seq = room.get(room.size() - 1) + 1;
    room.add(seq);
    if (!lostForThePage) {
      vertx.runOnContext(v -> current.writeTextMessage("@seq=" + seq + ";time=" + Instant.now() + " msg lobby bob message " + seq));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Long> seqsShown() {
    return ((List<Object>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('[role=log] .msg')].map(m => Number(m.dataset.seq))"))
        .stream().map(o -> ((Number) o).longValue()).toList();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    Await.poll(vertx, condition, 15);
  }

  private static List<Long> range(long first, long last) {
    List<Long> all = new ArrayList<>();
    for (long s = first; s <= last; s++) {
      all.add(s);
    }
    return all;
  }

  @Test
  void historyFillsScrollBackLossesAndTheGapOfAReconnectOnceEachInOrder() {
    browser.get("http://127.0.0.1:" + server.actualPort() + "/");
    waitFor(() -> browser.findElement(By.cssSelector("[role=status]")).getText().equals("connected as guest-abc123"));
    assertTrue(requests.contains("cap tags history"), "the page turned on what hello offered: " + requests);
    waitFor(() -> seqsShown().equals(range(251, 300)));

    JavascriptExecutor js = browser;
    js.executeScript("document.querySelector('[role=log]').scrollTop = 0");
    waitFor(() -> seqsShown().equals(range(201, 300)));
    long top = ((Number) js.executeScript("return document.querySelector('[role=log]').scrollTop")).longValue();
    assertTrue(top > 0, "the view stayed on what was read, with the older messages above it");

    said(false); // 301, live
    waitFor(() -> seqsShown().equals(range(201, 301)));
    said(true); // 302 and 303 dropped for the page: the node says so
    said(true);
    vertx.runOnContext(v -> current.writeTextMessage("lost lobby 302-303"));
    waitFor(() -> seqsShown().equals(range(201, 303)));
    assertTrue(requests.contains("history lobby after 301 100"), requests.toString());

    ServerWebSocket before = current;
    vertx.runOnContext(v -> before.close());
    waitFor(() -> browser.findElement(By.cssSelector("[role=status]")).getText().contains("reconnecting in"));
    said(true); // 304 and 305 said while the page was away
    said(true);
    waitFor(() -> current != before && browser.findElement(By.cssSelector("[role=status]")).getText().startsWith("connected"));
    waitFor(() -> seqsShown().equals(range(201, 305)));
    assertTrue(requests.contains("history lobby after 303 100"), requests.toString());
    said(false); // 306, live after the fill
    waitFor(() -> seqsShown().equals(range(201, 306)));
    assertEquals(range(201, 306), seqsShown(), "no gap, no duplicate, in order");
  }

  private static String status() {
    return browser.findElement(By.cssSelector("[role=status]")).getText();
  }

  @Test
  void aNicknameStillTakenAfterAReconnectIsTakenBackOnceFree() {
    browser.get("http://127.0.0.1:" + server.actualPort() + "/");
    try {
      waitFor(() -> status().equals("connected as guest-abc123"));
      browser.findElement(By.id("nick")).clear();
      browser.findElement(By.id("nick")).sendKeys("kit", org.openqa.selenium.Keys.ENTER);
      waitFor(() -> status().equals("connected as kit"));

      nickRefusals = 2; // the old connection holds "kit" for the next two asks
      ServerWebSocket before = current;
      vertx.runOnContext(v -> before.close());
      waitFor(() -> current != before && status().equals("connected as guest-abc123"));
      waitFor(() -> browser.findElement(By.id("notice")).getText().contains("kit is still held"));
      waitFor(() -> status().equals("connected as kit"));
      assertEquals(0, nickRefusals);
      assertEquals(4, requests.stream().filter("nick kit"::equals).count(),
          "the person's own, the reconnect's, and two more asks until it was free");
    } finally {
      ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    }
  }
}
