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

/** One new message at the end of the open log. */
export function appendMessage(conv, m) {
  const log = els.log;
  const last = conv.messages[conv.messages.indexOf(m) - 1];
  if (last !== undefined && conv.messages[conv.messages.length - 1] !== m) {
    renderLogKeepingPlace(conv); // it went in between (a gap fill): draw again
    return;
  }
  const stick = atBottom();
  if (!last || dayOf(last.time) !== dayOf(m.time)) log.append(separator('day', dayFormat.format(m.time)));
  if (m.id === conv.firstUnreadId) log.append(separator('new', 'New messages'));
  log.append(messageNode(m));
  if (stick) dropLetGo(conv);
  if (stick || m.own) scrollToEnd();
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
