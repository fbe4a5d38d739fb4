#!/usr/bin/env python3
"""A chatnode bot over the event-bus bridge, standard library only.

Frames are Vert.x's TCP bridge frames: a 4-byte big-endian length, then JSON. The bot logs in,
listens to chatnode.rooms (joins) and chatnode.messages (numbered room messages), asks chatnode.commands for the time and sums, and speaks through
chatnode.bot.say (as itself, with the chat rules). The bridge user needs, in the node's
configuration: bridge.users=<name>, bridge.consume=chatnode.rooms,chatnode.messages,
bridge.send=chatnode.commands,chatnode.bot.*

  BOT_PASSWORD=... python3 bridge_bot.py --port 7000 --room lobby --name timebot
"""
import argparse
import itertools
import json
import os
import sys
import select
import socket
import struct


class BridgeBot:
    def __init__(self, sock, name, room):
        self.sock, self.name, self.room = sock, name, room
        self.replies = {}  # reply address -> callback
        self.ids = itertools.count()

    def frame(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def send(self, address, body, then=None):
        frame = {"type": "send", "address": address, "body": body}
        if then:
            frame["replyAddress"] = reply = f"r{next(self.ids)}"
            self.replies[reply] = then
        self.frame(frame)

    def say(self, text):
        self.send("chatnode.bot.say", {"room": self.room, "text": text}, lambda f: None)

    def command(self, line, then):
        self.send("chatnode.commands", {"lines": [line]}, lambda f: then(f["body"]["replies"][0]))

    def on_frame(self, f):
        if f.get("address") in self.replies:
            self.replies.pop(f["address"])(f)
        elif f.get("type") == "err":
            print("refused:", f.get("message"), f.get("detail", ""), flush=True)
        elif f.get("address") in ("chatnode.rooms", "chatnode.messages"):
            event = f["body"]
            if event["room"] != self.room or event["nick"] == self.name:
                return
            if event["type"] == "joined":
                self.say(f"welcome, {event['nick']}!")
            elif event["type"] == "msg" and event["text"] == "!time":
                self.command("get_time", lambda r: self.say("time: " + r[3:]))
            elif event["type"] == "msg" and event["text"].startswith("!sum"):
                self.command("calculate_sum" + event["text"][4:], lambda r: self.say(
                    "sum: " + r[3:] if r.startswith("ok") else "cannot sum that: " + r))


def frames(sock, bot):
    """Yields each frame as it arrives; pings the bridge when nothing happens for 20 s."""
    buffer = b""
    while True:
        if not select.select([sock], [], [], 20)[0]:
            bot.frame({"type": "ping"})
            continue
        data = sock.recv(65536)
        if not data:
            return
        buffer += data
        while len(buffer) >= 4 and len(buffer) >= 4 + struct.unpack(">I", buffer[:4])[0]:
            length = struct.unpack(">I", buffer[:4])[0]
            yield json.loads(buffer[4:4 + length])
            buffer = buffer[4 + length:]


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--host", default="127.0.0.1")
    args.add_argument("--port", type=int, default=7000)
    args.add_argument("--room", default="lobby")
    args.add_argument("--name", default="timebot")
    opts = args.parse_args()
    sock = socket.create_connection((opts.host, opts.port))
    bot = BridgeBot(sock, opts.name, opts.room)

    def logged_in(f):
        if f["type"] == "err":
            sys.exit(f"login refused: {f.get('message')}")
        bot.frame({"type": "register", "address": "chatnode.rooms"})
        bot.frame({"type": "register", "address": "chatnode.messages"})
        bot.send("chatnode.bot.join", {"room": opts.room},
                 lambda j: print(f"{opts.name} in {opts.room}: {j.get('body', j)}", flush=True))

    bot.send("chatnode.bridge.login", {"user": opts.name, "password": os.environ.get("BOT_PASSWORD", "")}, logged_in)
    for f in frames(sock, bot):
        bot.on_frame(f)


if __name__ == "__main__":
    main()
