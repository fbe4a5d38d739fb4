#!/usr/bin/env node
// A chatnode bot over the line protocol (TCP), Node.js 20, no dependencies.
//
// It joins a room, answers "!time" and "!sum 1 2 3" by asking the node (get_time, calculate_sum),
// and greets whoever joins. Replies come in request order, pushes (msg, joined ...) in between:
// a FIFO of callbacks matches each ok/err to its request.
//
//   node line_bot.js --port 6254 --room lobby --name timebot   (BOT_PASSWORD set: logs in)
'use strict';
const net = require('node:net');
const readline = require('node:readline');
const { parseArgs } = require('node:util');

const { values: opts } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '6254' },
    room: { type: 'string', default: 'lobby' },
    name: { type: 'string', default: 'timebot' },
  },
});

const socket = net.connect(Number(opts.port), opts.host);
const waiting = []; // one callback per request, in order
const request = (line, then = () => {}) => {
  waiting.push(then);
  socket.write(line + '\n');
};
const say = (text) => request(`say ${opts.room} ${text}`);

function onMessage(text) {
  if (text === '!time') {
    request('get_time', (reply) => say('time: ' + reply.slice(3)));
  } else if (text.startsWith('!sum')) {
    request('calculate_sum' + text.slice(4), (reply) =>
      say(reply.startsWith('ok') ? 'sum: ' + reply.slice(3) : 'cannot sum that: ' + reply));
  }
}

let greeted = false;
readline.createInterface({ input: socket }).on('line', (line) => {
  if (!greeted) { // hello <guest-nick> ...: now log in and join
    greeted = true;
    const password = process.env.BOT_PASSWORD;
    request(password ? `auth ${opts.name} ${password}` : `nick ${opts.name}`, (reply) => {
      if (!reply.startsWith('ok')) { console.error('login refused: ' + reply); process.exit(1); }
    });
    request(`join ${opts.room}`, (reply) => console.log(`${opts.name} in ${opts.room}: ${reply}`));
    return;
  }
  if (line === 'ok' || line.startsWith('ok ') || line.startsWith('err ')) {
    waiting.shift()(line);
    return;
  }
  const [word, ...rest] = line.split(' ');
  if (word === 'msg') {
    const [room, sender] = rest;
    const text = rest.slice(2).join(' ');
    if (room === opts.room && sender !== opts.name) onMessage(text);
  } else if (word === 'joined') {
    const [room, nick] = rest;
    if (room === opts.room && nick !== opts.name) say(`welcome, ${nick}!`);
  }
});
socket.on('close', () => process.exit(0));
