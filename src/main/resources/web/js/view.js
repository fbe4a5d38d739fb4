// Everything the page draws. Text from the network is only ever set as text (textContent, text
// nodes): a message that looks like markup shows as what it is and runs nothing.

import { linkParts } from './lines.js';

const $ = (id) => document.getElementById(id);

export const els = {
  status: $('status'),
  nick: $('nick'),
  nickForm: $('nick-form'),
  notify: $('notify'),
  roomList: $('room-list'),
  joinForm: $('join-form'),
  join: $('join'),
  title: $('room-title'),
  leave: $('leave'),
  log: $('log'),
  notice: $('notice'),
  composer: $('composer'),
  message: $('message'),
  members: $('members'),
  memberList: $('member-list'),
  membersToggle: $('members-toggle'),
  membersClose: $('members-close'),
  loginForm: $('login-form'),
  loginUser: $('login-user'),
  loginPassword: $('login-password'),
  loginError: $('login-error'),
  chat: $('chat'),
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

function dayOf(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** Message text with http(s) links made clickable; links open in a new tab without an opener. */
function textNode(text) {
  const span = el('span', 'text');
  for (const part of linkParts(text)) {
    if (part.href) {
      const a = el('a', '', part.href);
      a.href = part.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      span.append(a);
    } else {
      span.append(document.createTextNode(part.text));
    }
  }
  return span;
}

function messageNode(m) {
  if (m.notice) {
    const p = el('p', 'notice-line');
    p.dataset.id = m.id;
    const time = el('time', '', timeFormat.format(m.time));
    time.dateTime = m.time.toISOString();
    p.append(time, el('span', 'text', m.text));
    return p;
  }
  const div = el('div', 'msg');
  div.dataset.id = m.id;
  if (m.own) div.classList.add('own');
  if (m.mention) div.classList.add('mention');
  if (m.seq) div.dataset.seq = m.seq;
  const time = el('time', '', timeFormat.format(m.time));
  time.dateTime = m.time.toISOString();
  div.append(time, el('span', 'from', m.from), textNode(m.text));
  return div;
}

function separator(className, text) {
  const div = el('div', className);
  div.setAttribute('role', 'separator');
  div.append(el('span', '', text));
  return div;
}

/** The whole log of `conv`, with date separators and the "new messages" line. */
export function renderLog(conv) {
  if (pending.conv === conv) {
    clearTimeout(pending.timer);
    pending.timer = 0;
    pending.conv = null;
    pending.messages = [];
  }
  const log = els.log;
  const fragment = document.createDocumentFragment();
  let day = '';
  for (const m of conv.messages) {
    const d = dayOf(m.time);
    if (d !== day) {
      fragment.append(separator('day', dayFormat.format(m.time)));
      day = d;
    }
    if (m.id === conv.firstUnreadId) fragment.append(separator('new', 'New messages'));
    fragment.append(messageNode(m));
  }
  log.replaceChildren(fragment);
  log.dataset.key = conv.key;
  log.setAttribute('aria-label', conv.kind === 'room' ? `Messages in ${conv.name}` : `Conversation with ${conv.name}`);
}

/** Re-renders keeping what the person looks at where it is (older messages came in above). */
export function renderLogKeepingPlace(conv) {
  const log = els.log;
  const fromBottom = log.scrollHeight - log.scrollTop;
  renderLog(conv);
  log.scrollTop = log.scrollHeight - fromBottom;
}

export function atBottom() {
  const log = els.log;
  return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
}

export function scrollToEnd() {
  els.log.scrollTop = els.log.scrollHeight;
}

const pending = { conv: null, messages: [], timer: 0 };

/**
 * New messages for the open log, drawn together a moment later: a busy room costs one layout per
 * batch, not one per message (reading the scroll position after each append forced a layout each).
 */
export function appendMessage(conv, m) {
  if (pending.conv !== conv) {
    flushAppends();
    pending.conv = conv;
  }
  pending.messages.push(m);
  if (!pending.timer) pending.timer = setTimeout(flushAppends, 16);
}

/** Draws what {@link appendMessage} queued; a conversation switch draws the whole log anyway. */
export function flushAppends() {
  clearTimeout(pending.timer);
  pending.timer = 0;
  const { conv, messages } = pending;
  pending.conv = null;
  pending.messages = [];
  if (!conv || !messages.length || els.log.dataset.key !== conv.key) return;
  const held = messages.filter((m) => conv.messages.includes(m));
  if (!held.length) return;
  const log = els.log;
  const stick = atBottom();
  const firstAt = conv.messages.indexOf(held[0]);
  const inOrderAtEnd = held.every((m, i) => conv.messages[firstAt + i] === m) && firstAt + held.length === conv.messages.length;
  const lastShown = log.lastElementChild; // separators come before messages: the last is a message
  const before = conv.messages[firstAt - 1];
  if (!inOrderAtEnd || (before && (!lastShown || lastShown.dataset.id !== String(before.id)))) {
    renderLogKeepingPlace(conv); // they went in between (a gap fill): draw it all again
    if (stick) scrollToEnd();
    return;
  }
  const fragment = document.createDocumentFragment();
  let last = before;
  for (const m of held) {
    if (!last || dayOf(last.time) !== dayOf(m.time)) fragment.append(separator('day', dayFormat.format(m.time)));
    if (m.id === conv.firstUnreadId) fragment.append(separator('new', 'New messages'));
    fragment.append(messageNode(m));
    last = m;
  }
  log.append(fragment);
  if (stick) dropLetGo(conv);
  if (stick || held.some((m) => m.own)) scrollToEnd();
}

/** Removes from the top of the log what the conversation has let go (only while at the bottom). */
function dropLetGo(conv) {
  const log = els.log;
  const firstId = String(conv.messages[0].id);
  if (log.querySelector('[data-id]').dataset.id === firstId) return;
  while (log.firstElementChild && log.firstElementChild.dataset.id !== firstId) log.firstElementChild.remove();
  log.prepend(separator('day', dayFormat.format(conv.messages[0].time)));
}

export function renderRooms(conversations, currentKey) {
  const items = [];
  for (const conv of conversations) {
    const li = el('li');
    const button = el('button', 'room');
    button.type = 'button';
    button.dataset.key = conv.key;
    const label = conv.kind === 'room' ? `# ${conv.name}` : `@ ${conv.name}`;
    button.append(el('span', 'name', label));
    let name = conv.kind === 'room' ? `room ${conv.name}` : `private conversation with ${conv.name}`;
    if (conv.unread) {
      button.append(el('span', 'badge', String(conv.unread)));
      name += `, ${conv.unread} unread`;
    }
    if (conv.mentioned) {
      button.classList.add('mentioned');
      name += ', mentions you';
    }
    button.setAttribute('aria-label', name);
    if (conv.key === currentKey) button.setAttribute('aria-current', 'page');
    li.append(button);
    items.push(li);
  }
  els.roomList.replaceChildren(...items);
}

export function renderMembers(conv, me) {
  const names = conv ? [...conv.members].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })) : [];
  els.memberList.replaceChildren(...names.map((n) => {
    const li = el('li', n === me ? 'me' : '', n);
    return li;
  }));
  els.membersToggle.textContent = `Members (${names.length})`;
}

export function renderTitle(conv) {
  els.title.textContent = conv ? (conv.kind === 'room' ? `# ${conv.name}` : `@ ${conv.name}`) : 'No room';
  els.leave.hidden = !conv;
  els.leave.textContent = conv && conv.kind === 'dm' ? 'Close conversation' : 'Leave room';
}

export function setStatus(text, state) {
  els.status.textContent = text;
  els.status.dataset.state = state;
}

let noticeTimer = 0;

/** A short explanation under the log (a refusal, a usage); stays until the next one or 8 s. */
export function showNotice(text) {
  clearTimeout(noticeTimer);
  els.notice.textContent = text;
  els.notice.hidden = !text;
  if (text) noticeTimer = setTimeout(() => { els.notice.hidden = true; }, 8000);
}
