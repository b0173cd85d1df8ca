/**
 * The sessions (connections, told apart by client port) of a triplet that has seen more than one.
 * Rare: nearly every triplet is one connection, which the table keeps as plain numbers; only a
 * second client port makes it a list of objects.
 */

/** Sessions (client ports) remembered per triplet; older ones are folded into totals. */
export const MAX_SESSIONS_PER_TRIPLET = 16;

export interface SessionSpan {
  clientPort: number;
  firstSeen: number;
  lastSeen: number;
  /** End of the latest record carrying server → client packets (for the silence gap). */
  serverLastSeen?: number;
}

export interface SessionList {
  /** The most recently active sessions, at most MAX_SESSIONS_PER_TRIPLET, in arrival order. */
  sessions: SessionSpan[];
  retired: number;
  retiredSeconds: number;
  longestSeconds: number;
}

/** Session time: the spans of every session, retired ones included (concurrent sessions add up). */
export function spanTotal(sessions: readonly SessionSpan[], retiredSeconds: number): number {
  return sessions.reduce((sum, s) => sum + (s.lastSeen - s.firstSeen), retiredSeconds);
}

function retireOldest(list: SessionList): void {
  const { sessions } = list;
  let oldest = 0;
  for (let i = 1; i < sessions.length; i++) if (sessions[i].lastSeen < sessions[oldest].lastSeen) oldest = i;
  const [gone] = sessions.splice(oldest, 1);
  list.retired++;
  list.retiredSeconds += gone.lastSeen - gone.firstSeen;
}

/** The session of this client port, stretched over the record's span, or a new one. */
export function sessionIn(list: SessionList, clientPort: number, first: number, last: number): SessionSpan {
  let session = list.sessions.find((s) => s.clientPort === clientPort);
  if (session) {
    session.firstSeen = Math.min(session.firstSeen, first);
    session.lastSeen = Math.max(session.lastSeen, last);
  } else {
    if (list.sessions.length >= MAX_SESSIONS_PER_TRIPLET) retireOldest(list);
    session = { clientPort, firstSeen: first, lastSeen: last };
    list.sessions.push(session);
  }
  list.longestSeconds = Math.max(list.longestSeconds, session.lastSeen - session.firstSeen);
  return session;
}
