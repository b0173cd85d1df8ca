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

/**
 * A session as the table holds it. Joining window parts needs one time more than the judges read,
 * so TripletStats gets spanOf() of it.
 */
export interface HeldSession extends SessionSpan {
  /**
   * Start of the session's first record (in arrival order) carrying server → client packets: the
   * end of the server's silence across the boundary when an earlier part is joined in front.
   * Set exactly when serverLastSeen is.
   */
  firstServerRecordStart?: number;
}

export interface SessionList {
  /** The most recently active sessions, at most MAX_SESSIONS_PER_TRIPLET, in arrival order. */
  sessions: HeldSession[];
  retired: number;
  retiredSeconds: number;
  longestSeconds: number;
}

/** A held session as the judges read it. */
export function spanOf({ clientPort, firstSeen, lastSeen, serverLastSeen }: HeldSession): SessionSpan {
  return serverLastSeen === undefined ? { clientPort, firstSeen, lastSeen } : { clientPort, firstSeen, lastSeen, serverLastSeen };
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
export function sessionIn(list: SessionList, clientPort: number, first: number, last: number): HeldSession {
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

/**
 * Folds the sessions of a later window part of the same triplet into the list, as if their
 * records arrived after the ones held: in the later part's arrival order, each stretches the
 * session of its client port or is appended (retiring the least recently active past the bound),
 * and `join` carries over what else it knows. Its retired sessions add to the totals.
 */
export function absorbSessions(list: SessionList, later: SessionList, join: (held: HeldSession, later: HeldSession) => void): void {
  for (const session of later.sessions) join(sessionIn(list, session.clientPort, session.firstSeen, session.lastSeen), session);
  list.retired += later.retired;
  list.retiredSeconds += later.retiredSeconds;
  list.longestSeconds = Math.max(list.longestSeconds, later.longestSeconds);
}
