// The chat page: connects on load, keeps nickname and rooms across reconnects, and uses 1.1's
// history (scroll-back, gap fill, loss notices) only when the node's `hello` offers it.

import { Link } from './link.js';
import { helloInfo, utf8Length, mentions, explain, NAME } from './lines.js';
import { parseInput, complete, HELP } from './input.js';
import { Conversation, roomKey, dmKey } from './store.js';
import * as view from './view.js';

const { els } = view;
const PAGE = 50; // messages per `history` request

const saved = {
  get nick() { return sessionStorage.getItem('chatnode.nick') || ''; },
  set nick(v) { sessionStorage.setItem('chatnode.nick', v); },
  get rooms() {
    const raw = sessionStorage.getItem('chatnode.rooms');
    return raw === null ? null : raw.split(',').filter(Boolean);
  },
  set rooms(v) { sessionStorage.setItem('chatnode.rooms', v.join(',')); },
};

const state = {
  info: helloInfo({}),
  nick: '',
  conversations: new Map(), // key → Conversation, in the order shown
  current: '',
  credentials: null, // {user, password} once logged in, for reconnects (memory only)
  loggedIn: false,
  connectedOnce: false,
  history: [], // the composer's input history (Up/Down)
  historyAt: 0,
  completion: null,
  loadingOlder: false,
  unconfirmed: null, // {key, text}: a line sent to a room whose reply the lost connection took with it
};

const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const link = new Link(`${scheme}://${location.host}/ws`, { onHello, onPush, onState });

// ---- conversations -----------------------------------------------------------------------------

function conversation(kind, name, create = true) {
  const key = kind === 'room' ? roomKey(name) : dmKey(name);
  let conv = state.conversations.get(key);
  if (!conv && create) {
    conv = new Conversation(kind, name);
    state.conversations.set(key, conv);
  }
  return conv;
}

function current() {
  return state.conversations.get(state.current) || null;
}

function roomNames() {
  return [...state.conversations.values()].filter((c) => c.kind === 'room').map((c) => c.name);
}

function remember() {
  saved.rooms = roomNames();
}

function open(key) {
  const conv = state.conversations.get(key);
  if (!conv) return;
  state.current = key;
  view.renderTitle(conv);
  view.renderLog(conv);
  view.scrollToEnd();
  if (!document.hidden) {
    conv.markRead();
  }
  view.renderMembers(conv, state.nick);
  drawRooms();
  els.message.placeholder = conv.kind === 'room' ? `Message # ${conv.name}` : `Message @ ${conv.name}`;
}

let roomsTimer = 0;

/** The room list and title after a message: once per burst, not once per message. */
function roomsLater() {
  if (!roomsTimer) roomsTimer = setTimeout(drawRooms, 50);
}

function drawRooms() {
  clearTimeout(roomsTimer);
  roomsTimer = 0;
  view.renderRooms(state.conversations.values(), state.current);
  const unread = [...state.conversations.values()].reduce((n, c) => n + c.unread, 0);
  document.title = unread ? `(${unread}) chatnode` : 'chatnode';
}

function closeConversation(key) {
  state.conversations.delete(key);
  if (state.current === key) {
    const next = state.conversations.keys().next();
    if (next.done) {
      state.current = '';
      view.renderTitle(null);
      els.log.replaceChildren();
      view.renderMembers(null, state.nick);
    } else {
      open(next.value);
    }
  }
  drawRooms();
  remember();
}

/** A line of the page's own (a result, a join) in a conversation. */
function note(conv, text) {
  if (!conv) {
    view.showNotice(text);
    return;
  }
  const m = conv.add({ time: new Date(), text, notice: true });
  if (conv.key === state.current) view.appendMessage(conv, m);
}

/** A message from someone (or the person) into its conversation, counting it unread if unseen. */
function deliver(conv, message) {
  const mention = !message.own && conv.kind === 'room' && mentions(message.text, state.nick);
  const m = conv.add({ ...message, mention });
  if (!m) return;
  const seen = conv.key === state.current && !document.hidden;
  if (!seen && !message.own && !message.old) {
    if (!conv.unread) conv.firstUnreadId = m.id;
    conv.unread++;
    conv.mentioned ||= mention;
    if (document.hidden && (conv.kind === 'dm' || mention)) notify(conv, m);
  }
  if (conv.key === state.current) view.appendMessage(conv, m);
  roomsLater();
}

function notify(conv, m) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const title = conv.kind === 'dm' ? `${m.from} (private)` : `${m.from} in # ${conv.name}`;
  const n = new Notification(title, { body: m.text, tag: conv.key });
  n.onclick = () => { window.focus(); open(conv.key); n.close(); };
}

// ---- the link ----------------------------------------------------------------------------------

function onState({ state: s, seconds, reason }) {
  if (s === 'connecting') view.setStatus('connecting…', 'connecting');
  else if (s === 'waiting') {
    const why = reason ? ` (${reason.split(' ')[0]})` : '';
    view.setStatus(`disconnected${why}, reconnecting in ${seconds} s`, 'reconnecting');
  } else if (s === 'closed') view.setStatus('disconnected', 'closed');
}

async function onHello(hello) {
  state.info = helloInfo(hello.info);
  state.nick = hello.nick;
  state.loggedIn = false;
  els.nick.value = state.nick;
  const caps = [state.info.tags && 'tags', state.info.history && 'history'].filter(Boolean);
  if (caps.length) link.request(`cap ${caps.join(' ')}`);
  if (state.info.authRequired) {
    if (state.credentials) {
      const reply = await link.request(`auth ${state.credentials.user} ${state.credentials.password}`);
      if (reply.kind !== 'ok') {
        state.credentials = null;
        showLogin(explain(reply.code, reply.text));
        return;
      }
      state.nick = reply.text;
    } else {
      showLogin('');
      return;
    }
  }
  await restore();
}

function showLogin(message) {
  els.loginForm.hidden = false;
  els.chat.hidden = true;
  els.nickForm.hidden = true;
  view.setStatus('connected: log in', 'login');
  loginError(message);
  els.loginUser.focus();
}

function loginError(message) {
  els.loginError.textContent = message;
  els.loginError.hidden = !message;
}

/** After (re)connecting: the same nickname and rooms as before, and what was missed. */
async function restore() {
  els.loginForm.hidden = true;
  els.chat.hidden = false;
  els.nickForm.hidden = false;
  const lobby = state.info.lobby;
  const first = !state.connectedOnce;
  const wanted = state.connectedOnce ? roomNames() : (saved.rooms ?? (lobby ? [lobby] : []));
  const nick = saved.nick;
  if (nick && nick !== state.nick && !state.credentials) {
    const reply = await link.request(`nick ${nick}`);
    if (reply.kind === 'ok') state.nick = reply.text;
    else if (reply.code === 'nick_taken' && !first) takeBackLater(nick);
    else view.showNotice(`Could not take back ${nick}: ${explain(reply.code, reply.text)}`);
  }
  els.nick.value = state.nick;
  const joins = wanted.map((room) => (room === lobby ? null : link.request(`join ${room}`)));
  if (lobby && !wanted.includes(lobby)) link.request(`leave ${lobby}`);
  const results = await Promise.all(joins);
  wanted.forEach((room, i) => {
    const reply = results[i];
    if (reply && reply.kind !== 'ok') {
      note(current(), `Could not join ${room}: ${explain(reply.code, reply.text)}`);
      return;
    }
    conversation('room', reply ? reply.text : room);
  });
  await Promise.all(roomNames().map((room) => afterJoin(conversation('room', room), !first)));
  state.connectedOnce = true;
  view.setStatus(`connected as ${state.nick}`, 'connected');
  if (!document.documentElement.dataset.connectedMs) {
    document.documentElement.dataset.connectedMs = String(Math.round(performance.now()));
  }
  remember();
  if (!state.current || !state.conversations.has(state.current)) {
    const firstKey = state.conversations.keys().next();
    if (!firstKey.done) open(firstKey.value);
  } else {
    open(state.current);
  }
  drawRooms();
}

const TAKE_BACK_MS = 3000;
const TAKE_BACK_TRIES = 20;

/**
 * The nickname after a reconnect, when it is still taken: after a node's crash the cluster holds
 * it for the old connection until it finds that one dead (seconds), so ask again for a minute,
 * unless the person chose another nickname meanwhile.
 */
function takeBackLater(nick, tries = TAKE_BACK_TRIES) {
  if (tries === TAKE_BACK_TRIES) {
    view.showNotice(`${nick} is still held by your previous connection; taking it back when it is free.`);
  }
  setTimeout(async () => {
    if (saved.nick !== nick || state.nick === nick || !link.open) return;
    const reply = await link.request(`nick ${nick}`);
    if (reply.kind === 'ok') nickChanged(reply.text);
    else if (reply.code === 'nick_taken' && tries > 1) takeBackLater(nick, tries - 1);
    else view.showNotice(`Could not take back ${nick}: ${explain(reply.code, reply.text)}`);
  }, TAKE_BACK_MS);
}

/** Members of a room just joined, and its recent or missed messages when the node keeps history. */
async function afterJoin(conv, rejoined) {
  const who = await link.request(`who ${conv.name}`);
  if (who.kind === 'ok') conv.members = new Set(who.text.split(' ').filter(Boolean));
  if (conv.key === state.current) view.renderMembers(conv, state.nick);
  if (!state.info.history) {
    if (rejoined) note(conv, 'Reconnected. Messages said while you were away are not shown: this node keeps no history.');
    return;
  }
  if (conv.lastSeq) await fillAfter(conv, conv.lastSeq);
  else await loadLatest(conv);
}

function historyMessage(h, old) {
  return { seq: h.seq, time: new Date(h.time), from: h.from, text: h.text, own: h.from === state.nick, old };
}

async function loadLatest(conv) {
  const reply = await link.request(`history ${conv.name} latest ${PAGE}`);
  if (reply.kind !== 'ok') return;
  conv.prepend(reply.hist.map((h) => historyMessage(h, true)));
  conv.lastSeq = Math.max(conv.lastSeq, ...reply.hist.map((h) => h.seq), 0);
  conv.noOlder = reply.hist.length < PAGE;
  if (conv.key === state.current) { view.renderLog(conv); view.scrollToEnd(); }
}

/** Everything after `seq`, page by page: the gap of a reconnect or a `lost` notice. */
async function fillAfter(conv, seq) {
  let after = seq;
  for (;;) {
    const reply = await link.request(`history ${conv.name} after ${after} ${state.info.historyMax}`);
    if (reply.kind !== 'ok') return;
    const lost = /lost=(\d+)-(\d+)/.exec(reply.text);
    if (lost) note(conv, `Messages ${lost[1]} to ${lost[2]} are no longer kept by the node.`);
    for (const h of reply.hist) {
      confirmed(conv, h);
      const twin = h.from === state.nick && conv.ownTwin(h.from, h.text);
      if (twin) { twin.seq = h.seq; conv.lastSeq = Math.max(conv.lastSeq, h.seq); continue; }
      deliver(conv, historyMessage(h, false));
    }
    if (reply.hist.length < state.info.historyMax) return;
    after = reply.hist[reply.hist.length - 1].seq;
  }
}

/** The line kept after a lost connection was said after all: it leaves the composer. */
function confirmed(conv, h) {
  const line = state.unconfirmed;
  if (!line || line.key !== conv.key || h.from !== state.nick || h.text !== line.text) return;
  state.unconfirmed = null;
  if (els.message.value === line.text) els.message.value = '';
}

/** Scroll-back: older messages above, the view kept where it is. */
async function loadOlder() {
  const conv = current();
  if (!conv || conv.kind !== 'room' || !state.info.history || conv.noOlder || state.loadingOlder) return;
  const before = conv.firstSeq;
  if (!before) return;
  state.loadingOlder = true;
  try {
    const reply = await link.request(`history ${conv.name} before ${before} ${PAGE}`);
    if (reply.kind !== 'ok') return;
    conv.noOlder = reply.hist.length < PAGE;
    if (conv.prepend(reply.hist.map((h) => historyMessage(h, true))) && conv.key === state.current) {
      view.renderLogKeepingPlace(conv);
    }
  } finally {
    state.loadingOlder = false;
  }
}

function onPush(p) {
  switch (p.type) {
    case 'msg': {
      const conv = conversation('room', p.room);
      const twin = p.from === state.nick && conv.ownTwin(p.from, p.text);
      if (twin) { // the echo of the person's own line: it now has its place (seq) in the room
        if (p.seq) { twin.seq = p.seq; conv.lastSeq = Math.max(conv.lastSeq, p.seq); }
        return;
      }
      deliver(conv, { seq: p.seq, time: p.time ? new Date(p.time) : new Date(), from: p.from, text: p.text });
      break;
    }
    case 'dm':
      deliver(conversation('dm', p.from), { time: p.time ? new Date(p.time) : new Date(), from: p.from, text: p.text });
      break;
    case 'joined':
    case 'left': {
      const conv = conversation('room', p.room, false);
      if (!conv) return;
      if (p.type === 'joined') conv.members.add(p.nick); else conv.members.delete(p.nick);
      note(conv, `${p.nick} ${p.type === 'joined' ? 'joined' : 'left'}`);
      if (conv.key === state.current) view.renderMembers(conv, state.nick);
      break;
    }
    case 'renamed':
      renamed(p.from, p.to);
      break;
    case 'lost': {
      const conv = conversation('room', p.room, false);
      if (conv) fillAfter(conv, p.first - 1);
      break;
    }
    case 'info':
      note(current(), p.text);
      break;
    case 'bye':
      view.setStatus(`the node closed the connection (${p.text})`, 'reconnecting');
      break;
    default:
      break;
  }
}

function renamed(from, to) {
  for (const conv of state.conversations.values()) {
    if (conv.kind === 'room' && conv.members.delete(from)) {
      conv.members.add(to);
      note(conv, `${from} is now ${to}`);
    }
  }
  const dm = state.conversations.get(dmKey(from));
  if (dm) {
    dm.name = to;
    state.conversations = new Map([...state.conversations].map(([k, c]) => [k === dmKey(from) ? dmKey(to) : k, c]));
    if (state.current === dmKey(from)) state.current = dmKey(to);
    note(dm, `${from} is now ${to}`);
  }
  const conv = current();
  if (conv) { view.renderMembers(conv, state.nick); view.renderTitle(conv); }
  drawRooms();
}

// ---- what the person does ----------------------------------------------------------------------

async function setNick(name) {
  if (!NAME.test(name)) {
    view.showNotice(explain('bad_name'));
    return false;
  }
  if (name === state.nick) return true;
  const reply = await link.request(`nick ${name}`);
  if (reply.kind !== 'ok') {
    view.showNotice(`Nickname ${name}: ${explain(reply.code, reply.text)}`);
    els.nick.value = state.nick;
    return false;
  }
  nickChanged(reply.text);
  return true;
}

/** The node took a new nickname for the person. */
function nickChanged(nick) {
  const old = state.nick;
  state.nick = nick;
  saved.nick = nick;
  els.nick.value = nick;
  for (const conv of state.conversations.values()) {
    if (conv.kind === 'room' && conv.members.delete(old)) conv.members.add(nick);
  }
  note(current(), `You are now ${nick}`);
  view.renderMembers(current(), nick);
  view.setStatus(`connected as ${nick}`, 'connected');
}

async function join(name) {
  const reply = await link.request(`join ${name}`);
  if (reply.kind !== 'ok') {
    view.showNotice(`Join ${name}: ${explain(reply.code, reply.text)}`);
    return false;
  }
  const conv = conversation('room', reply.text);
  remember();
  open(conv.key);
  await afterJoin(conv, false);
  return true;
}

async function leave(key) {
  const conv = state.conversations.get(key);
  if (!conv) return;
  if (conv.kind === 'room') {
    const reply = await link.request(`leave ${conv.name}`);
    if (reply.kind !== 'ok' && reply.code !== 'not_member') {
      view.showNotice(`Leave ${conv.name}: ${explain(reply.code, reply.text)}`);
      return;
    }
  }
  closeConversation(key);
}

/** Sends chat text to the open conversation; true once the node took it. */
async function say(conv, text) {
  if (!conv) {
    view.showNotice('Join a room first: type its name under "Join room".');
    return false;
  }
  const line = conv.kind === 'room' ? `say ${conv.name} ${text}` : `msg ${conv.name} ${text}`;
  return sendChat(conv, line, text);
}

async function sendChat(conv, line, text) {
  const over = utf8Length(line) - state.info.maxLine;
  if (over > 0) {
    view.showNotice(`That message is ${over} bytes too long for this node (at most ${state.info.maxLine} per line). Your text is kept.`);
    return false;
  }
  const reply = await link.request(line);
  if (reply.kind !== 'ok') {
    // Lost with the connection, the line may still have been said: its echo came already (said),
    // or the gap fill after the reconnect will tell.
    const lost = reply.code === 'disconnected' && conv.kind === 'room';
    if (lost && conv.messages.some((m) => m.seq && !m.own && m.from === state.nick && m.text === text)) return true;
    state.unconfirmed = lost ? { key: conv.key, text } : null;
    view.showNotice(`${explain(reply.code, reply.text)} Your text is kept.`);
    return false;
  }
  deliver(conv, { time: new Date(), from: state.nick, text, own: true });
  return true;
}

async function run(line) {
  const action = parseInput(line, current());
  if (action.usage) { view.showNotice(`Usage: ${action.usage}`); return false; }
  if (action.say !== undefined) return action.say.trim() ? say(current(), action.say) : false;
  if (action.join) return join(action.join);
  if (action.leave) { await leave(roomKey(action.leave)); return true; }
  if (action.nick) return setNick(action.nick);
  if (action.room) {
    const conv = conversation('room', action.room, false);
    if (!conv) { view.showNotice(`You are not in ${action.room}: /join ${action.room}`); return false; }
    open(conv.key);
    return true;
  }
  if (action.dm) {
    const conv = conversation('dm', action.dm);
    const sent = await sendChat(conv, `msg ${action.dm} ${action.text}`, action.text);
    if (!sent && !conv.messages.length) closeConversation(conv.key);
    if (sent) open(conv.key);
    return sent;
  }
  if (action.help) { HELP.forEach((h) => note(current(), h)); return true; }
  if (action.quit !== undefined) { link.quit(action.quit); return true; }
  const reply = await link.request(action.send);
  note(current(), reply.kind === 'ok' ? `${action.send.split(' ')[0]}: ${reply.text}` : `${explain(reply.code, reply.text)}`);
  return reply.kind === 'ok';
}

els.composer.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = els.message;
  const line = input.value;
  if (!line.trim()) return;
  state.history.push(line);
  if (state.history.length > 100) state.history.shift();
  state.historyAt = state.history.length;
  const done = await run(line);
  if (done && input.value === line) input.value = ''; // a refused line stays to be fixed or resent
});

els.message.addEventListener('keydown', (event) => {
  const input = els.message;
  if (event.key === 'Tab' && !event.shiftKey) {
    const conv = current();
    const names = conv ? [...conv.members].filter((n) => n !== state.nick) : [];
    const done = complete(input.value, input.selectionStart, names, state.completion);
    if (done) {
      event.preventDefault();
      input.value = done.value;
      input.setSelectionRange(done.caret, done.caret);
      state.completion = done.state;
    }
    return; // nothing to complete: Tab moves the focus on, as everywhere
  }
  state.completion = null;
  if (event.altKey) return;
  if (event.key === 'ArrowUp' && state.historyAt > 0 && !input.value.slice(0, input.selectionStart).includes('\n')) {
    event.preventDefault();
    state.historyAt--;
    input.value = state.history[state.historyAt];
  } else if (event.key === 'ArrowDown' && state.historyAt < state.history.length) {
    event.preventDefault();
    state.historyAt++;
    input.value = state.history[state.historyAt] ?? '';
  }
});

els.nickForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setNick(els.nick.value.trim());
});

els.joinForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = els.join.value.trim().replace(/^#/, '');
  if (!name) return;
  if (!NAME.test(name)) { view.showNotice(`Join ${name}: ${explain('bad_name')}`); return; }
  if (await join(name)) els.join.value = '';
});

els.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = els.loginUser.value.trim();
  const password = els.loginPassword.value;
  const reply = await link.request(`auth ${user} ${password}`);
  if (reply.kind !== 'ok') {
    loginError(explain(reply.code, reply.text));
    els.loginPassword.select();
    return;
  }
  loginError('');
  state.credentials = { user, password };
  els.loginPassword.value = '';
  state.nick = reply.text;
  await restore();
  els.message.focus();
});

els.roomList.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-key]');
  if (button) open(button.dataset.key);
});

els.leave.addEventListener('click', () => { if (state.current) leave(state.current); });

els.log.addEventListener('scroll', () => { if (els.log.scrollTop < 60) loadOlder(); });

function showMembers(shown) {
  els.members.classList.toggle('shown', shown);
  els.membersToggle.setAttribute('aria-expanded', String(shown));
  (shown ? els.membersClose : els.membersToggle).focus();
}

els.membersToggle.addEventListener('click', () => showMembers(!els.members.classList.contains('shown')));
els.membersClose.addEventListener('click', () => showMembers(false));
els.members.addEventListener('keydown', (event) => { if (event.key === 'Escape') showMembers(false); });

// Alt+Up / Alt+Down: the previous / next conversation, from anywhere on the page.
document.addEventListener('keydown', (event) => {
  if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
  const keys = [...state.conversations.keys()];
  if (!keys.length) return;
  event.preventDefault();
  const at = keys.indexOf(state.current);
  const next = (at + (event.key === 'ArrowUp' ? -1 : 1) + keys.length) % keys.length;
  open(keys[next]);
});

document.addEventListener('visibilitychange', () => {
  if (document.hidden) return;
  const conv = current();
  if (conv && conv.unread) { conv.markRead(); drawRooms(); }
});

if ('Notification' in window && Notification.permission === 'default') {
  els.notify.hidden = false;
  els.notify.addEventListener('click', async () => {
    await Notification.requestPermission();
    els.notify.hidden = true;
  });
}

window.addEventListener('online', () => link.retryNow());

link.connect();
