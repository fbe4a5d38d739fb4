#!/usr/bin/env python3
"""A chatnode bot over the line protocol (TCP), standard library only.

It joins a room, answers "!time" and "!sum 1 2 3" by asking the node (get_time, calculate_sum),
and greets whoever joins. Replies come in request order, pushes (msg, joined ...) in between: a
FIFO of callbacks matches each ok/err to its request.

  python3 line_bot.py --port 6254 --room lobby --name timebot   (BOT_PASSWORD set: logs in)
"""
import argparse
import os
import sys
import socket
from collections import deque


class LineBot:
    def __init__(self, sock, name, room):
        self.sock, self.name, self.room = sock, name, room
        self.waiting = deque()  # one callback per request, in order

    def request(self, line, then=lambda reply: None):
        self.waiting.append(then)
        self.sock.sendall((line + "\n").encode("utf-8"))

    def say(self, text):
        self.request(f"say {self.room} {text}")

    def on_line(self, line):
        if line == "ok" or line.startswith(("ok ", "err ")):
            self.waiting.popleft()(line)
            return
        word, _, rest = line.partition(" ")
        if word == "msg":
            room, sender, text = rest.split(" ", 2)
            if room == self.room and sender != self.name:
                self.on_message(text)
        elif word == "joined":
            room, nick = rest.split(" ", 1)
            if room == self.room and nick != self.name:
                self.say(f"welcome, {nick}!")

    def on_message(self, text):
        if text == "!time":
            self.request("get_time", lambda r: self.say("time: " + r[3:]))
        elif text.startswith("!sum"):
            self.request("calculate_sum" + text[4:], lambda r: self.say(
                "sum: " + r[3:] if r.startswith("ok") else "cannot sum that: " + r))


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--host", default="127.0.0.1")
    args.add_argument("--port", type=int, default=6254)
    args.add_argument("--room", default="lobby")
    args.add_argument("--name", default="timebot")
    opts = args.parse_args()
    sock = socket.create_connection((opts.host, opts.port))
    bot = LineBot(sock, opts.name, opts.room)
    stream = sock.makefile("r", encoding="utf-8", newline="\n")
    stream.readline()  # hello <guest-nick> ...
    password = os.environ.get("BOT_PASSWORD")
    login = f"auth {opts.name} {password}" if password else f"nick {opts.name}"
    bot.request(login, lambda r: r.startswith("ok") or sys.exit(f"login refused: {r}"))
    bot.request(f"join {opts.room}", lambda r: print(f"{opts.name} in {opts.room}: {r}", flush=True))
    for line in stream:
        bot.on_line(line.rstrip("\n"))


if __name__ == "__main__":
    main()
