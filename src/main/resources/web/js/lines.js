// The chatnode line protocol as the page needs it: pure functions, no DOM, no socket.
// The contract is PROTOCOL.md (version 1, and 1.1's tags and history when the node offers them).

const encoder = new TextEncoder();

/** Bytes of `text` in UTF-8: the node's `max_line` counts bytes, not characters. */
export function utf8Length(text) {
  return encoder.encode(text).length;
}

/** The first word and the rest after one space (the rest kept exactly as sent). */
function split(line) {
  const space = line.indexOf(' ');
  return space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
}

/** `k=v k=v` into an object; words without `=` are ignored. */
export function pairs(text) {
  const out = {};
  for (const word of text.split(' ')) {
    const eq = word.indexOf('=');
    if (eq > 0) out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/** `@seq=12;time=...` into {seq, time}; seq as a number. */
function tags(word) {
  const out = {};
  for (const part of word.slice(1).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  if (out.seq !== undefined) out.seq = Number(out.seq);
  return out;
}

/**
 * One line from the node: a reply ({kind: 'ok', text} or {kind: 'err', code, text}) or a push
 * ({kind: 'push', type, ...fields}). A line with a tag word (1.1 `tags`) carries seq/time.
 */
export function parseLine(raw) {
  let line = raw;
  let tag = {};
  if (line.startsWith('@')) {
    const [word, rest] = split(line);
    tag = tags(word);
    line = rest;
  }
  const [first, rest] = split(line);
  if (first === 'ok') return { kind: 'ok', text: rest };
  if (first === 'err') {
    const [code, message] = split(rest);
    return { kind: 'err', code, text: message };
  }
  const push = { kind: 'push', type: first, ...tag };
  switch (first) {
    case 'hello': {
      const [nick, more] = split(rest);
      return { ...push, nick, info: pairs(more) };
    }
    case 'msg': {
      const [room, r1] = split(rest);
      const [from, text] = split(r1);
      return { ...push, room, from, text };
    }
    case 'hist': {
      const [room, r1] = split(rest);
      const [seq, r2] = split(r1);
      const [time, r3] = split(r2);
      const [from, text] = split(r3);
      return { ...push, room, seq: Number(seq), time, from, text };
    }
    case 'dm': {
      const [from, text] = split(rest);
      return { ...push, from, text };
    }
    case 'joined':
    case 'left': {
      const [room, nick] = split(rest);
      return { ...push, room, nick };
    }
    case 'renamed': {
      const [from, to] = split(rest);
      return { ...push, from, to };
    }
    case 'lost': {
      const [room, range] = split(rest);
      const [first, last] = range.split('-').map(Number);
      return { ...push, room, first, last };
    }
    default:
      return { ...push, text: rest }; // info, bye, and whatever a newer node sends
  }
}

/** What `hello` advertises, with the version 1 defaults for what a node leaves out. */
export function helloInfo(info) {
  const caps = new Set((info.caps || '').split(',').filter(Boolean));
  return {
    version: info.version || '1',
    maxLine: Number(info.max_line || 4096),
    rate: Number(info.rate || 0),
    burst: Number(info.burst || 0),
    idleSeconds: Number(info.idle_s || 0),
    lobby: info.lobby || '',
    authRequired: info.auth === 'required',
    history: caps.has('history'),
    tags: caps.has('tags'),
    historyMax: Number(info.history_max || 100),
    epoch: info.epoch || '',
  };
}

/** Names of users and rooms: 1 to 32 of A-Z a-z 0-9 _ - (the node says the same). */
export const NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** Whether `text` mentions `nick` as a word, case-insensitively. */
export function mentions(text, nick) {
  if (!nick) return false;
  const lower = text.toLowerCase();
  const name = nick.toLowerCase();
  let at = lower.indexOf(name);
  while (at >= 0) {
    const before = at === 0 ? '' : lower[at - 1];
    const after = lower[at + name.length] || '';
    if (!/[a-z0-9_-]/.test(before) && !/[a-z0-9_-]/.test(after)) return true;
    at = lower.indexOf(name, at + 1);
  }
  return false;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

/**
 * `text` cut into plain parts and links ({text} or {href}); a link's trailing punctuation stays
 * outside it. Only http and https become links: never javascript: or data:.
 */
export function linkParts(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let href = match[0].replace(/[.,;:!?)\]]+$/, '');
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ href });
    last = match.index + href.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Readable words for the node's error codes, for people rather than programs. */
export function explain(code, text) {
  switch (code) {
    case 'nick_taken': return 'That nickname is taken.';
    case 'bad_name': return 'Names are 1 to 32 letters, digits, _ or -.';
    case 'line_too_long': return 'That is too long for the node.';
    case 'bad_text': return 'The text contains control characters.';
    case 'not_member': return 'You are not in that room.';
    case 'no_such_user': return 'No one has that nickname.';
    case 'too_many_rooms': return 'You are in as many rooms as the node allows.';
    case 'rate_limited': {
      const ms = Number(pairs(text).retry_after_ms || 1000);
      return `Sending too fast: wait ${Math.max(1, Math.ceil(ms / 1000))} s.`;
    }
    case 'auth_failed': return 'Wrong user name or password.';
    case 'auth_required': return 'Log in first.';
    case 'disconnected': return 'Not connected: the page is reconnecting.';
    default: return text || code;
  }
}
