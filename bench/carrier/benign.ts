/**
 * Benign long-lived sessions, one planner per protocol. Every interval and size is drawn per
 * host or per message; the sources of the numbers are in README.md ("Benign classes").
 */
import type { Prng } from '../../fixtures/lib/prng';
import { addTcp, tlsOverhead, type Planner } from './plan';
import { diurnalGap, lognormal, periodic, type Timer } from './persistent';
import { outsideAddress, randomOutside } from './net';

/** [start, end) of an application session: half already running when the window opens. */
export function span(p: Planner, medianHours: number, sigma = 0.8): [number, number] {
  const start = p.rng.next() < 0.5 ? p.start - p.rng.between(0, 3600) : p.rng.between(p.start, p.end);
  return [start, start + lognormal(p.rng, medianHours * 3600, sigma)];
}

/** WebSocket frame header: client frames are masked (+4), lengths ≥ 126 take 2 more bytes. */
const ws = (payload: number, client: boolean) => payload + (payload >= 126 ? 4 : 2) + (client ? 4 : 0);

const CHAT_APPS = ['discord', 'slack', 'whatsapp', 'teams', 'telegram', 'signal'] as const;

export function chat(p: Planner, app = p.rng.pick(CHAT_APPS)): void {
  const [start, end] = span(p, 5, 1);
  const tls = tlsOverhead(p.rng);
  // Discord's gateway says heartbeat_interval 41250 ms; the others (20-45 s) are per app version.
  const interval = app === 'discord' ? 41.25 : p.rng.between(20, 45);
  const eventsMean = lognormal(p.rng, 90, 1.2);
  const typing = p.rng.between(300, 3600);
  addTcp(p, {
    server: outsideAddress(`chat-${app}-${p.rng.int(0, 5)}`),
    port: 443,
    start,
    end,
    tls,
    login: { up: ws(p.rng.int(250, 900), true), down: ws(p.rng.int(2000, 30000), false) },
    close: p.rng.pick(['fin-client', 'fin-server', 'silent'] as const),
    timers: (r: Prng): Timer[] => [
      {
        from: 0,
        gap: app === 'discord' ? () => interval + r.between(-0.02, 0.05) : periodic(r, interval, 0.5),
        size: () => ws(r.int(16, 40), true),
        reply: () => ws(r.int(9, 30), false),
        replyDelay: () => r.between(0.005, 0.06),
      },
      // Server events: presence, messages in channels, typing notices.
      { from: 1, gap: (now) => diurnalGap(r, eventsMean, now), size: () => ws(Math.round(lognormal(r, 350, 1)), false), burst: () => r.int(1, 4), burstGap: () => r.between(0.05, 3) },
      // The user writing: a few lines in a row.
      { from: 0, gap: (now) => diurnalGap(r, typing, now), size: () => ws(r.int(120, 900), true), reply: () => ws(r.int(150, 600), false), burst: () => r.int(1, 8), burstGap: () => r.between(3, 40) },
    ],
  });
}

export function gameGateway(p: Planner): void {
  const [start, end] = span(p, 4, 0.9);
  const interval = p.rng.between(20, 45);
  addTcp(p, {
    server: outsideAddress(`game-gw-${p.rng.int(0, 9)}`),
    port: 443,
    start,
    end,
    tls: tlsOverhead(p.rng),
    login: { up: p.rng.int(400, 1200), down: p.rng.int(1500, 12000) },
    timers: (r) => [
      { from: 0, gap: periodic(r, interval, 1), size: () => r.int(20, 90), reply: () => r.int(20, 90) },
      { from: 1, gap: (now) => diurnalGap(r, 240, now), size: () => Math.round(lognormal(r, 400, 0.8)) },
    ],
  });
}

export function sipTcp(p: Planner): void {
  const tlsPort = p.rng.next() < 0.4;
  // RFC 5626 §4.4.1: CRLF keep-alives every 80-100 % of 120 s on TCP; many phones use 15-60 s.
  const rfc = p.rng.next() < 0.5;
  const keepalive = rfc ? 0 : p.rng.pick([15, 20, 25, 30, 60]);
  const expires = p.rng.pick([60, 120, 300, 600, 1800, 3600]);
  const refresh = expires * p.rng.between(0.5, 0.9);
  addTcp(p, {
    server: outsideAddress(`sip-${p.rng.int(0, 15)}`),
    port: tlsPort ? 5061 : 5060,
    start: p.start - p.rng.between(0, 3600),
    end: p.end + 3600,
    tls: tlsPort ? tlsOverhead(p.rng) : 0,
    login: { up: p.rng.int(550, 900), down: p.rng.int(400, 650) },
    timers: (r) => [
      { from: 0, gap: rfc ? () => r.between(96, 120) : periodic(r, keepalive, 0.2), size: () => 4, reply: () => 2 },
      // REGISTER, 401 challenge, REGISTER with credentials, 200 OK.
      { from: 0, gap: periodic(r, refresh, 1), size: () => r.int(550, 900), reply: () => r.int(400, 650), burst: () => 2, burstGap: () => r.between(0.05, 0.3) },
      // Incoming calls: INVITE ... BYE over the same connection (RTP is UDP, elsewhere).
      { from: 1, gap: (now) => diurnalGap(r, 4 * 3600, now), size: () => r.int(900, 1500), reply: () => r.int(300, 900), burst: () => r.int(3, 6), burstGap: () => r.between(0.5, 20) },
    ],
  });
}

export function imapIdle(p: Planner): void {
  // RFC 2177: re-issue IDLE at least every 29 minutes; clients pick 5-29 min.
  const reidle = p.rng.between(300, 1740);
  const mail = lognormal(p.rng, 3600, 0.8);
  addTcp(p, {
    server: outsideAddress(`imap-${p.rng.int(0, 30)}`),
    port: 993,
    start: p.start - p.rng.between(0, 3600),
    end: p.end + 3600,
    tls: tlsOverhead(p.rng),
    login: { up: p.rng.int(200, 500), down: p.rng.int(300, 1500) },
    timers: (r) => [
      { from: 0, gap: periodic(r, reidle, 2), size: () => r.int(14, 24), reply: () => r.int(30, 60) },
      { from: 1, gap: (now) => diurnalGap(r, mail, now), size: () => r.int(14, 40), burst: () => r.int(1, 2) },
    ],
  });
}

export function pushChannel(p: Planner): void {
  const apple = p.rng.next() < 0.45;
  // FCM heartbeats adapt between ~4 and 28 min; APNs keeps its socket with ~15-30 min pings.
  const heartbeat = apple ? p.rng.between(900, 1800) : p.rng.between(240, 1680);
  const pushes = lognormal(p.rng, 1200, 1);
  addTcp(p, {
    server: outsideAddress(apple ? `apns-${p.rng.int(0, 7)}` : `mtalk-${p.rng.int(0, 7)}`),
    port: apple ? p.rng.pick([5223, 5223, 443]) : p.rng.pick([5228, 5228, 5228, 443]),
    start: p.start - p.rng.between(0, 7200),
    end: p.end + 3600,
    tls: tlsOverhead(p.rng),
    login: { up: p.rng.int(150, 400), down: p.rng.int(100, 300) },
    close: 'silent',
    timers: (r) => [
      { from: 0, gap: periodic(r, heartbeat, 5), size: () => r.int(2, 12), reply: () => r.int(2, 12) },
      { from: 1, gap: (now) => diurnalGap(r, pushes, now), size: () => Math.round(lognormal(r, 450, 0.7)), reply: () => r.int(4, 12) },
    ],
  });
}

export function iotMqtt(p: Planner): void {
  const mode = p.rng.pick(['1883', '8883', '8883', 'ws'] as const);
  const wsOver = mode === 'ws';
  const frame = (n: number, client: boolean) => (wsOver ? ws(n, client) : n);
  // MQTT 3.1.1 §3.1.2.10: PINGREQ only after keep-alive seconds without a control packet.
  const keepAlive = p.rng.pick([30, 60, 60, 60, 120, 300, 600, 1200]) as number;
  const telemetry = Math.min(1800, Math.max(5, lognormal(p.rng, 60, 1)));
  const qos1 = p.rng.next() < 0.5;
  addTcp(p, {
    server: outsideAddress(`mqtt-${p.rng.int(0, 20)}`),
    port: mode === '1883' ? 1883 : mode === '8883' ? 8883 : 443,
    start: p.start - p.rng.between(0, 7200),
    end: p.end + 3600,
    tls: mode === '1883' ? 0 : tlsOverhead(p.rng),
    login: { up: frame(p.rng.int(40, 200), true), down: frame(4, false) },
    close: 'silent',
    timers: (r) => [
      { from: 0, gap: periodic(r, telemetry, telemetry * 0.03), size: () => frame(r.int(30, 400), true), reply: qos1 ? () => frame(4, false) : undefined },
      { from: 0, idleOnly: true, gap: () => keepAlive, size: () => frame(2, true), reply: () => frame(2, false) },
      { from: 1, gap: (now) => diurnalGap(r, 7200, now), size: () => frame(r.int(20, 300), false), reply: () => frame(4, true) },
    ],
  });
}

export function localApp(p: Planner): void {
  // Long-poll (Dropbox-style notify: the server answers after 30-480 s or on a change).
  const hold = p.rng.between(30, 480);
  addTcp(p, {
    server: outsideAddress(`notify-${p.rng.int(0, 10)}`),
    port: 443,
    start: p.start - p.rng.between(0, 3600),
    end: p.end + 3600,
    tls: tlsOverhead(p.rng),
    timers: (r) => [{ from: 0, gap: () => hold + r.between(0.2, 3), size: () => r.int(300, 800), reply: () => r.int(120, 400), replyDelay: () => hold * r.between(0.7, 1) }],
  });
  // A desktop app's notification websocket (music, office, password manager) pinging every 30-120 s.
  const ping = p.rng.between(30, 120);
  const [start, end] = span(p, 6);
  addTcp(p, {
    server: outsideAddress(`app-ws-${p.rng.int(0, 20)}`),
    port: 443,
    start,
    end,
    tls: tlsOverhead(p.rng),
    timers: (r) => [
      { from: 0, gap: periodic(r, ping, 1), size: () => ws(r.int(4, 30), true), reply: () => ws(r.int(4, 30), false) },
      { from: 1, gap: (now) => diurnalGap(r, 900, now), size: () => ws(Math.round(lognormal(r, 600, 0.9)), false) },
    ],
  });
}

export function openvpnTcp(p: Planner): void {
  const aead = p.rng.next() < 0.7;
  // One ping: 2-byte TCP length, opcode/peer-id, packet id, tag/HMAC, 16-byte magic.
  const pingSize = (r: Prng) => () => (aead ? 42 : r.pick([66, 74]));
  const busy = lognormal(p.rng, 3600, 0.8);
  addTcp(p, {
    server: outsideAddress(`vpn-${p.rng.int(0, 40)}`),
    port: p.rng.next() < 0.5 ? 1194 : 443,
    start: p.start - p.rng.between(0, 7200),
    end: p.end + 3600,
    tls: 0,
    login: { up: p.rng.int(1500, 3000), down: p.rng.int(3000, 6000) },
    timers: (r) => [
      // `ping 10` / `keepalive 10 60`: each side pings after 10 s without sending.
      { from: 0, idleOnly: true, gap: () => 10 + r.between(0, 1), size: pingSize(r) },
      { from: 1, idleOnly: true, gap: () => 10 + r.between(0, 1), size: pingSize(r) },
      // reneg-sec 3600: a TLS renegotiation on the control channel each hour.
      { from: 0, gap: periodic(r, 3600, 30), size: () => r.int(1500, 3000), reply: () => r.int(3000, 6000) },
      // Busy periods: the tunnel carries browsing and streaming.
      { from: 1, gap: (now) => diurnalGap(r, busy, now), size: () => Math.round(lognormal(r, 40000, 1.2)), reply: () => r.int(500, 4000), burst: () => r.int(10, 600), burstGap: () => r.between(0.2, 4) },
    ],
  });
}

export function ssh(p: Planner): void {
  // ServerAliveInterval: off (the default) or a value from common configs.
  const alive = p.rng.pick([0, 0, 15, 30, 60, 60, 120, 240]) as number;
  const [start, end] = span(p, 3, 1);
  const timers = (r: Prng): Timer[] => {
    const t: Timer[] = [
      { from: 0, gap: (now) => diurnalGap(r, 1500, now), size: () => 36, reply: () => 36, burst: () => r.int(10, 300), burstGap: () => r.between(0.08, 0.5) },
      { from: 1, gap: (now) => diurnalGap(r, 1800, now), size: () => Math.round(lognormal(r, 2500, 1.3)) },
    ];
    if (alive > 0) t.push({ from: 0, idleOnly: true, gap: () => alive, size: () => r.int(52, 68), reply: () => r.int(28, 36) });
    return t;
  };
  addTcp(p, { server: p.rng.next() < 0.5 ? randomOutside(p.rng) : outsideAddress(`ssh-${p.rng.int(0, 50)}`), port: 22, start, end, tls: 0, login: { up: p.rng.int(1200, 2000), down: p.rng.int(1500, 3000) }, timers });
}

export function blockchainNode(p: Planner): void {
  const chain = p.rng.pick(['bitcoin', 'bitcoin', 'monero', 'ethereum'] as const);
  const port = chain === 'bitcoin' ? 8333 : chain === 'monero' ? 18080 : 30303;
  const outbound = chain === 'bitcoin' ? 10 : chain === 'monero' ? 12 : p.rng.int(10, 20);
  const inbound = p.rng.next() < 0.5 ? p.rng.int(0, 10) : 0;
  for (let i = 0; i < outbound + inbound; i++) {
    const peer = randomOutside(p.rng);
    const start = p.rng.next() < 0.7 ? p.start - p.rng.between(0, 3600) : p.rng.between(p.start, p.end);
    const end = start + lognormal(p.rng, 4 * 3600, 1);
    const block = chain === 'bitcoin' ? 600 : chain === 'monero' ? 120 : 12;
    addTcp(p, {
      server: i < outbound ? peer : p.address,
      client: i < outbound ? undefined : peer,
      port,
      start,
      end,
      tls: 0,
      login: { up: p.rng.int(120, 300), down: p.rng.int(120, 3000) },
      timers: (r) => [
        // Bitcoin Core pings every 2 min; devp2p every 15 s; monerod timed_sync every 60 s.
        { from: 0, gap: periodic(r, chain === 'bitcoin' ? 120 : chain === 'ethereum' ? 15 : 60, 1), size: () => (chain === 'monero' ? r.int(250, 400) : 32), reply: () => (chain === 'monero' ? r.int(250, 400) : 32) },
        // Transaction announcements, both ways (Bitcoin's INV trickle: 2 s outbound, 5 s inbound).
        { from: 0, gap: () => r.exponential(chain === 'bitcoin' ? 5 : 8), size: () => 25 + 36 * r.int(1, 20) },
        { from: 1, gap: () => r.exponential(chain === 'bitcoin' ? 5 : 8), size: () => 25 + 36 * r.int(1, 20) },
        // New blocks: compact block or headers.
        { from: 1, gap: () => r.exponential(block), size: () => (r.next() < 0.3 ? r.int(9000, 30000) : r.int(100, 600)) },
      ],
    });
  }
}

export function jsonRpcPoller(p: Planner): void {
  // ethers.js polls every 4 s by default; bots and dashboards 1-15 s. nginx closes a keep-alive
  // connection after keepalive_requests (1000; 100 before 1.19.10).
  const interval = p.rng.between(1, 15);
  const own = p.rng.next() < 0.4;
  const server = own ? outsideAddress(`rpc-node-${p.rng.int(0, 30)}`) : outsideAddress(`rpc-provider-${p.rng.int(0, 5)}`);
  const perConnection = p.rng.pick([100, 1000, 10000]);
  let t = p.start - p.rng.between(0, 600);
  while (t < p.end) {
    const end = t + perConnection * interval;
    addTcp(p, {
      server,
      port: own ? 8545 : 443,
      start: t,
      end,
      tls: own ? 0 : tlsOverhead(p.rng),
      close: 'fin-server',
      timers: (r) => [
        { from: 0, gap: periodic(r, interval, 0.01), size: () => r.int(180, 320), reply: () => r.int(150, 300) },
        { from: 0, gap: () => r.exponential(12), size: () => r.int(200, 360), reply: () => Math.round(lognormal(r, 8000, 1)) },
      ],
    });
    t = end + p.rng.between(0.01, 0.5);
  }
}

export const BENIGN_PLANNERS: Record<string, (p: Planner) => void> = {
  'web-only': () => undefined,
  'chat-websocket': (p) => {
    for (let i = p.rng.int(1, 3); i > 0; i--) chat(p);
  },
  'game-gateway': gameGateway,
  'sip-tcp': sipTcp,
  'imap-idle': (p) => {
    for (let i = p.rng.int(1, 3); i > 0; i--) imapIdle(p);
  },
  'push-channel': (p) => {
    for (let i = p.rng.int(1, 4); i > 0; i--) pushChannel(p);
  },
  'iot-mqtt': (p) => {
    for (let i = p.rng.int(1, 4); i > 0; i--) iotMqtt(p);
  },
  'local-app': localApp,
  'openvpn-tcp': openvpnTcp,
  ssh,
  'blockchain-node': blockchainNode,
  'json-rpc-poller': jsonRpcPoller,
  video: () => undefined,
  backup: () => undefined,
};

/** The household's other devices: phones' push channels, a chat app, a mailbox, a gadget. */
export function householdExtras(p: Planner): void {
  if (p.rng.next() < 0.6) pushChannel(p);
  if (p.rng.next() < 0.3) chat(p);
  if (p.rng.next() < 0.2) imapIdle(p);
  if (p.rng.next() < 0.15) iotMqtt(p);
}
