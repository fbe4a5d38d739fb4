#!/usr/bin/env node
// A chatnode bot over the event-bus bridge, Node.js 20, no dependencies.
//
// Frames are Vert.x's TCP bridge frames: a 4-byte big-endian length, then JSON. The bot logs in,
// listens to chatnode.rooms (joins) and chatnode.messages (numbered room messages), asks chatnode.commands for the time and sums, and speaks through
// chatnode.bot.say (as itself, with the chat rules). The bridge user needs, in the node's
// configuration: bridge.users=<name>, bridge.consume=chatnode.rooms,chatnode.messages,
// bridge.send=chatnode.commands,chatnode.bot.*
//
//   BOT_PASSWORD=... node bridge_bot.js --port 7000 --room lobby --name timebot
'use strict';
const net = require('node:net');
const { parseArgs } = require('node:util');

const { values: opts } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '7000' },
    room: { type: 'string', default: 'lobby' },
    name: { type: 'string', default: 'timebot' },
  },
});

const socket = net.connect(Number(opts.port), opts.host);
const replies = new Map(); // reply address -> callback
let nextId = 0;

function frame(f) {
  const json = Buffer.from(JSON.stringify(f), 'utf8');
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(json.length);
  socket.write(Buffer.concat([prefix, json]));
}

function send(address, body, then) {
  const f = { type: 'send', address, body };
  if (then) {
    f.replyAddress = `r${nextId++}`;
    replies.set(f.replyAddress, then);
  }
  frame(f);
}

const say = (text) => send('chatnode.bot.say', { room: opts.room, text }, () => {});
const command = (line, then) => send('chatnode.commands', { lines: [line] }, (f) => then(f.body.replies[0]));

function onFrame(f) {
  if (replies.has(f.address)) {
    const then = replies.get(f.address);
    replies.delete(f.address);
    then(f);
  } else if (f.type === 'err') {
    console.error('refused:', f.message, f.detail || '');
  } else if (f.address === 'chatnode.rooms' || f.address === 'chatnode.messages') {
    const event = f.body;
    if (event.room !== opts.room || event.nick === opts.name) return;
    if (event.type === 'joined') {
      say(`welcome, ${event.nick}!`);
    } else if (event.type === 'msg' && event.text === '!time') {
      command('get_time', (reply) => say('time: ' + reply.slice(3)));
    } else if (event.type === 'msg' && event.text.startsWith('!sum')) {
      command('calculate_sum' + event.text.slice(4), (reply) =>
        say(reply.startsWith('ok') ? 'sum: ' + reply.slice(3) : 'cannot sum that: ' + reply));
    }
  }
}

let buffer = Buffer.alloc(0);
socket.on('data', (data) => {
  buffer = Buffer.concat([buffer, data]);
  while (buffer.length >= 4 && buffer.length >= 4 + buffer.readUInt32BE(0)) {
    const length = buffer.readUInt32BE(0);
    onFrame(JSON.parse(buffer.subarray(4, 4 + length).toString('utf8')));
    buffer = buffer.subarray(4 + length);
  }
});
socket.on('close', () => process.exit(0));
setInterval(() => frame({ type: 'ping' }), 20_000).unref(); // the bridge closes idle connections

send('chatnode.bridge.login', { user: opts.name, password: process.env.BOT_PASSWORD || '' }, (f) => {
  if (f.type === 'err') { console.error('login refused: ' + f.message); process.exit(1); }
  frame({ type: 'register', address: 'chatnode.rooms' });
  frame({ type: 'register', address: 'chatnode.messages' });
  send('chatnode.bot.join', { room: opts.room }, (j) => console.log(`${opts.name} in ${opts.room}: ${JSON.stringify(j.body || j)}`));
});
