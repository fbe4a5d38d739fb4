// The conversations the page shows: the rooms the person is in and their private conversations.
// No DOM here. Messages with a room sequence number (1.1 `tags`) are kept in seq order and never
// twice, so a reconnect's gap fill and live messages can arrive in any order.

/** Messages kept per conversation: older ones are let go (and fetched again with `history`). */
export const KEPT = 1000;

let nextId = 1;

export function roomKey(name) {
  return `#${name.toLowerCase()}`;
}

export function dmKey(nick) {
  return `@${nick.toLowerCase()}`;
}

export class Conversation {
  constructor(kind, name) {
    this.kind = kind; // 'room' or 'dm'
    this.name = name;
    this.messages = [];
    this.unread = 0;
    this.mentioned = false;
    this.members = new Set();
    this.firstUnreadId = 0; // where the "new messages" line goes, 0: none
    this.olderGone = false; // messages were let go or are before what was loaded
    this.noOlder = false; // `history ... before` found the beginning
    this.lastSeq = 0; // the newest seq seen, for `history ... after` on reconnect
  }

  get key() {
    return this.kind === 'room' ? roomKey(this.name) : dmKey(this.name);
  }

  /** The oldest seq held, or 0. */
  get firstSeq() {
    const first = this.messages.find((m) => m.seq);
    return first ? first.seq : 0;
  }

  /**
   * Adds a message ({seq?, time, from, text, own?, notice?}); returns it, or null if its seq is
   * already held. Without seq it goes last; with seq, after every held one with a lower seq.
   */
  add(message) {
    const m = { id: nextId++, ...message };
    if (m.seq) {
      if (this.messages.some((x) => x.seq === m.seq)) return null;
      this.lastSeq = Math.max(this.lastSeq, m.seq);
      // Behind every later one; a local line (own send, notice) stops the walk: it stays where it came.
      let at = this.messages.length;
      while (at > 0 && this.messages[at - 1].seq > m.seq) at--;
      this.messages.splice(at, 0, m);
    } else {
      this.messages.push(m);
    }
    this.trim();
    return m;
  }

  /** Older messages from `history ... before`, oldest first, in front of what is held. */
  prepend(older) {
    const fresh = older.filter((o) => !this.messages.some((m) => m.seq === o.seq))
      .map((o) => ({ id: nextId++, ...o }));
    this.messages.unshift(...fresh);
    return fresh.length;
  }

  /** Lets the oldest go beyond {@link KEPT}: a long-open busy room stays light. */
  trim() {
    if (this.messages.length > KEPT) {
      this.messages.splice(0, this.messages.length - KEPT);
      this.olderGone = true;
      this.noOlder = false;
    }
  }

  /** An own message sent before the link knew its seq: the same one coming back from history. */
  ownTwin(from, text) {
    return this.messages.find((m) => m.own && !m.seq && m.from === from && m.text === text);
  }

  markRead() {
    this.unread = 0;
    this.mentioned = false;
  }
}
