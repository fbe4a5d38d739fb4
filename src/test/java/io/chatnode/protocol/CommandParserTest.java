package io.chatnode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request lines into typed commands or their refusals: pure, no sockets. */
class CommandParserTest {

  @Test
  void everyCommandWordParsesToItsOwnType() {
    Map<CommandWord, String> valid = Map.ofEntries(
        Map.entry(CommandWord.HELP, "help"), Map.entry(CommandWord.PING, "ping x"),
        Map.entry(CommandWord.GET_TIME, "get_time"), Map.entry(CommandWord.ECHO, "echo hi"),
        Map.entry(CommandWord.CALCULATE_SUM, "calculate_sum 1 2"), Map.entry(CommandWord.NICK, "nick bob"),
        Map.entry(CommandWord.JOIN, "join dev"), Map.entry(CommandWord.LEAVE, "leave dev"),
        Map.entry(CommandWord.SAY, "say dev hi"), Map.entry(CommandWord.MSG, "msg bob hi"),
        Map.entry(CommandWord.WHO, "who dev"), Map.entry(CommandWord.ROOMS, "rooms"),
        Map.entry(CommandWord.STATS, "stats"), Map.entry(CommandWord.AUTH, "auth bob secret"),
        Map.entry(CommandWord.CAP, "cap tags"), Map.entry(CommandWord.HISTORY, "history dev"),
        Map.entry(CommandWord.QUIT, "quit"));
    assertEquals(CommandWord.values().length, valid.size(), "a line for every command word");
    valid.forEach((word, line) -> {
      Command command = assertInstanceOf(Command.class, CommandParser.parse(line));
      assertEquals(word.type(), command.getClass(), line);
      assertEquals(word, command.word(), line);
    });
  }

  @Test
  void argumentsArriveTypedWithRoomsInTheirComparedForm() {
    assertEquals(new Command.Say("dev", " two  spaces "), CommandParser.parse("SAY Dev  two  spaces "));
    assertEquals(new Command.Msg("Bob", "hi"), CommandParser.parse("msg Bob hi"));
    assertEquals(new Command.Join("dev"), CommandParser.parse("join DEV"));
    assertEquals(new Command.Who("dev"), CommandParser.parse("who Dev"));
    assertEquals(new Command.Nick("Bob"), CommandParser.parse("nick Bob"));
    assertEquals(new Command.Sum(List.of("1", "2.5")), CommandParser.parse("calculate_sum  1 2.5 "));
    assertEquals(new Command.Echo(" kept  as sent"), CommandParser.parse("echo  kept  as sent"));
    assertEquals(new Command.Ping(""), CommandParser.parse("ping"));
    assertInstanceOf(Parsed.Blank.class, CommandParser.parse("   "));
    assertEquals(new Command.Cap(java.util.Set.of(Capabilities.Cap.TAGS, Capabilities.Cap.HISTORY)),
        CommandParser.parse("CAP history Tags"));
    assertEquals(new Command.History(new HistoryRequest("dev", HistoryRequest.Direction.AFTER, 41, 1000)),
        CommandParser.parse("history DEV after 41 1000"), "the node, not the parser, cuts the limit");
  }

  @Test
  void badArgumentsAreRefusedWithTheReplyAndTheirCommand() {
    assertEquals(new Parsed.Refused(CommandWord.NICK, "err bad_args usage: nick <name>"), CommandParser.parse("nick"));
    assertEquals(new Parsed.Refused(CommandWord.JOIN, "err bad_name 'a.b' is not a valid name: " + Names.RULE),
        CommandParser.parse("join a.b"));
    assertEquals(new Parsed.Refused(CommandWord.SAY, "err bad_name 'a.b' is not a valid room name: " + Names.RULE),
        CommandParser.parse("say a.b hi"));
    assertEquals(new Parsed.Refused(CommandWord.MSG, "err bad_text text must not contain control characters"),
        CommandParser.parse("msg bob a\u001bb"));
    assertEquals(new Parsed.Refused(CommandWord.WHO, "err bad_name room names are " + Names.RULE),
        CommandParser.parse("who a.b"));
    assertEquals(new Parsed.Refused(CommandWord.ROOMS, "err bad_args rooms takes no arguments"), CommandParser.parse("rooms x"));
    assertEquals(new Parsed.Refused(CommandWord.AUTH, "err bad_args usage: auth <user> <password>"), CommandParser.parse("auth bob"));
    assertEquals(new Parsed.Refused(null, "err unknown_command unknown command 'nope'; try help"), CommandParser.parse("nope x"));
    assertEquals(new Parsed.Refused(CommandWord.CAP,
        "err bad_args 'sasl' is not a capability of this node; offered: tags,history"), CommandParser.parse("cap sasl"));
    assertEquals(new Parsed.Refused(CommandWord.HISTORY, "err bad_args the limit must be 1 or more"),
        CommandParser.parse("history dev 0"));
  }

  @Test
  void aPasswordNeverShowsInTheCommandsText() {
    assertFalse(CommandParser.parse("auth bob hunter2").toString().contains("hunter2"));
  }
}
