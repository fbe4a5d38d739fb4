package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Slash commands and plain text become the right protocol lines; no sockets. */
class InputParserTest {

  private static UserInput parse(String typed) {
    return InputParser.parse(typed, "dev");
  }

  private static UserInput.Send send(String line) {
    return new UserInput.Send(line, false);
  }

  @Test
  void plainTextIsSaidToTheCurrentRoomExactly() {
    assertEquals(send("say dev  hello  there "), parse(" hello  there "));
    assertEquals(send("say dev /not a command"), parse("//not a command"));
    assertEquals(new UserInput.Problem("you are in no room: /join one first"), InputParser.parse("hi", null));
    assertEquals(new UserInput.Nothing(), parse("   "));
  }

  @Test
  void everyProtocolCommandHasASlashCommand() {
    assertEquals(send("nick alice"), parse("/nick alice"));
    assertEquals(send("join ops"), parse("/JOIN ops"));
    assertEquals(send("leave dev"), parse("/leave"));
    assertEquals(send("leave ops"), parse("/leave ops"));
    assertEquals(send("msg bob hi  there"), parse("/msg bob hi  there"));
    assertEquals(send("who dev"), parse("/who"));
    assertEquals(send("who ops"), parse("/who ops"));
    assertEquals(send("rooms"), parse("/rooms"));
    assertEquals(send("get_time"), parse("/time"));
    assertEquals(send("echo  spaced "), parse("/echo  spaced "));
    assertEquals(send("calculate_sum 1 2.5 -3"), parse("/sum 1 2.5 -3"));
    assertEquals(send("calculate_sum"), parse("/sum"));
    assertEquals(send("ping"), parse("/ping"));
    assertEquals(send("stats"), parse("/stats"));
    assertEquals(send("quit"), parse("/quit"));
    assertEquals(send("quit gone fishing"), parse("/quit gone fishing"));
    assertEquals(new UserInput.Send("say lobby raw text", true), parse("/raw say lobby raw text"));
    assertEquals(new UserInput.SwitchRoom("lobby"), parse("/room lobby"));
    assertEquals(new UserInput.Help(), parse("/help"));
    assertEquals(send("history dev latest 20"), parse("/history"));
    assertEquals(send("history dev latest 5"), parse("/history 5"));
    assertEquals(new UserInput.Problem("usage: /history [N] — the last N messages of the current room (default 20)"),
        parse("/history 0"));
  }

  @Test
  void misuseGivesUsageInsteadOfABadRequest() {
    assertEquals(new UserInput.Problem("usage: /nick NAME — change your nickname"), parse("/nick"));
    assertEquals(new UserInput.Problem("usage: /join ROOM — join a room and talk there"), parse("/join a b"));
    assertEquals(new UserInput.Problem("usage: /msg NICK TEXT — private message"), parse("/msg bob"));
    assertEquals(new UserInput.Problem("usage: /rooms — all rooms and their sizes"), parse("/rooms x"));
    assertEquals(new UserInput.Problem("usage: /raw LINE — send any protocol line as is"), parse("/raw  "));
    assertEquals(new UserInput.Problem("usage: /who [ROOM] — who is in a room (default: the current one)"),
        InputParser.parse("/who", null));
    assertEquals(new UserInput.Problem("unknown command /frob; /help lists them"), parse("/frob now"));
  }

  @Test
  void quitIsRecognisedInAnyCase() {
    assertTrue(InputParser.isQuit("quit"));
    assertTrue(InputParser.isQuit("QUIT bye all"));
    assertFalse(InputParser.isQuit("quitter"));
    assertFalse(InputParser.isQuit("say dev quit"));
  }
}
