// The page's connection to the node: one WebSocket, requests answered in order, reconnects with
// backoff. Replies come in request order (the protocol's promise), so a FIFO of waiters matches
// each reply to its request; `hist` lines belong to the request at the head (1.1 history).

import { parseLine } from './lines.js';

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

export class Link {
  /**
   * @param url the WebSocket URL
   * @param handlers onHello(push), onPush(push), onState({state, seconds, reason})
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.socket = null;
    this.waiting = [];
    this.attempt = 0;
    this.stopped = false;
    this.timer = 0;
  }

  connect() {
    clearTimeout(this.timer);
    this.handlers.onState({ state: 'connecting' });
    const socket = new WebSocket(this.url);
    this.socket = socket;
    let greeted = false;
    let byeReason = '';
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      const line = parseLine(event.data);
      if (!greeted && line.kind === 'push' && line.type === 'hello') {
        greeted = true;
        this.attempt = 0;
        this.handlers.onHello(line);
        return;
      }
      if (line.kind === 'push') {
        if (line.type === 'hist' && this.waiting.length) {
          this.waiting[0].hist.push(line);
        } else {
          if (line.type === 'bye') byeReason = line.text;
          this.handlers.onPush(line);
        }
        return;
      }
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve({ ...line, hist: waiter.hist });
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      const lost = this.waiting;
      this.waiting = [];
      lost.forEach((w) => w.resolve({ kind: 'err', code: 'disconnected', text: 'the connection was lost', hist: [] }));
      if (this.stopped) {
        this.handlers.onState({ state: 'closed', reason: byeReason });
        return;
      }
      const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
      this.attempt++;
      this.countdown(Date.now() + jittered, byeReason);
      this.timer = setTimeout(() => this.connect(), jittered);
    };
  }

  /** Tells the page every second how long until the next attempt. */
  countdown(at, reason) {
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((at - Date.now()) / 1000));
      if (this.socket || this.stopped) return;
      this.handlers.onState({ state: 'waiting', seconds, reason });
      if (seconds > 0) setTimeout(tick, 1000);
    };
    tick();
  }

  /** Sends one request line; resolves with its reply (never rejects: a lost link is an `err`). */
  request(line) {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.resolve({ kind: 'err', code: 'disconnected', text: 'not connected', hist: [] });
    }
    return new Promise((resolve) => {
      this.waiting.push({ resolve, hist: [] });
      socket.send(line);
    });
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Reconnects now instead of waiting out the backoff (the page came back online). */
  retryNow() {
    if (!this.socket && !this.stopped) this.connect();
  }

  /** Says `quit` and does not come back. */
  quit(reason) {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.open) this.request(reason ? `quit ${reason}` : 'quit');
    else this.handlers.onState({ state: 'closed', reason: 'quit' });
  }
}
