// What the person typed in the composer, as an action: the terminal client's slash commands.

export const HELP = [
  '/join ROOM — join a room and talk there',
  '/leave [ROOM] — leave a room (default: this one)',
  '/room ROOM — switch to a room you are in',
  '/msg NICK TEXT — private message',
  '/nick NAME — change your nickname',
  '/who [ROOM] — who is in a room',
  '/rooms — all rooms and their sizes',
  '/time, /ping, /stats, /echo TEXT, /sum N... — ask the node',
  '/raw LINE — send a protocol line as is',
  '/quit [REASON] — leave',
  '//text — say text that starts with /',
];

/**
 * @param line what was typed
 * @param current the open conversation: {kind: 'room'|'dm', name}, or null
 * @return {say: text} | {send: line, show: true} | {join|leave|nick|room: name} | {dm: nick, text}
 *   | {help: true} | {quit: reason} | {usage: message}
 */
export function parseInput(line, current) {
  if (!line.startsWith('/') || line.startsWith('//')) {
    return { say: line.startsWith('//') ? line.slice(1) : line };
  }
  const space = line.indexOf(' ');
  const command = (space < 0 ? line : line.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : line.slice(space + 1);
  const args = rest.trim();
  const oneWord = (usage, make) => (args && !args.includes(' ') ? make(args) : { usage });
  const room = current && current.kind === 'room' ? current.name : null;
  switch (command) {
    case '/join': return oneWord('/join ROOM', (name) => ({ join: name }));
    case '/leave':
      if (!args) return room ? { leave: room } : { usage: '/leave ROOM' };
      return oneWord('/leave ROOM', (name) => ({ leave: name }));
    case '/room': return oneWord('/room ROOM', (name) => ({ room: name }));
    case '/nick': return oneWord('/nick NAME', (name) => ({ nick: name }));
    case '/msg': {
      const gap = args.indexOf(' ');
      if (gap < 0) return { usage: '/msg NICK TEXT' };
      const text = rest.trimStart().slice(gap + 1);
      return text ? { dm: args.slice(0, gap), text } : { usage: '/msg NICK TEXT' };
    }
    case '/who':
      if (!args) return room ? { send: `who ${room}` } : { usage: '/who ROOM' };
      return oneWord('/who ROOM', (name) => ({ send: `who ${name}` }));
    case '/rooms': return { send: 'rooms' };
    case '/time': return { send: 'get_time' };
    case '/ping': return { send: 'ping' };
    case '/stats': return { send: 'stats' };
    case '/echo': return { send: rest ? `echo ${rest}` : 'echo' };
    case '/sum': return { send: args ? `calculate_sum ${args}` : 'calculate_sum' };
    case '/raw': return args ? { send: rest } : { usage: '/raw LINE' };
    case '/quit': return { quit: args };
    case '/help': return { help: true };
    default: return { usage: `unknown command ${command}; /help lists them` };
  }
}

/**
 * Tab completion of the word before the caret from `names`; `state` carries the cycle between
 * presses ({prefix, index, start}). Returns {value, caret, state} or null when nothing matches.
 */
export function complete(value, caret, names, state) {
  let prefix = state ? state.prefix : null;
  let start = state ? state.start : 0;
  if (!state) {
    start = value.lastIndexOf(' ', caret - 1) + 1;
    prefix = value.slice(start, caret);
    if (!prefix) return null;
  }
  const matches = names.filter((n) => n.toLowerCase().startsWith(prefix.toLowerCase()))
    .sort((a, b) => a.localeCompare(b));
  if (!matches.length) return null;
  const index = state ? (state.index + 1) % matches.length : 0;
  const name = matches[index];
  const suffix = start === 0 ? ': ' : ' ';
  const end = state ? state.end : caret;
  const inserted = name + suffix;
  const next = value.slice(0, start) + inserted + value.slice(end);
  return { value: next, caret: start + inserted.length, state: { prefix, index, start, end: start + inserted.length } };
}
