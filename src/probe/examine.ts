/**
 * One endpoint, every transport, every request, in order, until one reply is of mining shape:
 * plain TCP first, then TLS without SNI, then TLS naming each pool name. What the endpoint did
 * decides the outcome — `pool` on mining structure (or, failing that, a mining-specific error);
 * `not-pool` when it answered something else anywhere (closing without a byte is an answer too);
 * `unreachable` when TCP did not connect, or when it accepted and stayed silent to everything.
 */
import type { Socket } from 'node:net';
import type { Config } from '../config/schema';
import { transportsFor } from './bound';
import { classifyReply, type Classified } from './classify';
import { hostHeader, probeRequests } from './requests';
import { exchange, type Dialled } from './transport';
import type { Dialect, ProbeOutcome, ProbeTarget, Transport } from './verdict';

export interface Examined {
  outcome: ProbeOutcome;
  dialect?: Dialect;
  transport?: Transport;
  banner?: string;
  reason: string;
  /** Cut short by close(): says nothing about the endpoint. */
  interrupted?: boolean;
}

export interface ExamineContext {
  sockets: Set<Socket>;
  /** Monotonic ms past which nothing more is tried. */
  deadline: number;
  clock(): number;
  closed(): boolean;
}

interface Answer {
  classified: Classified;
  transport: Transport;
}

function transportName(transport: Transport, sni?: string): string {
  return transport === 'tls-sni' ? `TLS with SNI ${sni}` : transport === 'tls' ? 'TLS' : 'TCP';
}

function poolOf(answer: Answer): Examined {
  const { classified, transport } = answer;
  return { outcome: 'pool', dialect: classified.dialect, transport, reason: classified.reason, ...(classified.banner ? { banner: classified.banner } : {}) };
}

export async function examine(dialled: Dialled, target: ProbeTarget, settings: Config['probe'], context: ExamineContext): Promise<Examined> {
  const limits = { connectTimeoutMs: settings.connectTimeoutMs, readTimeoutMs: settings.readTimeoutMs, maxReplyBytes: settings.maxReplyBytes };
  const interrupted: Examined = { outcome: 'unreachable', reason: 'interrupted: the prober was closed', interrupted: true };
  const answers: Answer[] = [];
  const notes: string[] = [];
  let errorPool: Answer | undefined;
  let connected = false;
  let silent = 0;
  let closedEmpty = 0;
  let tried = 0;
  let outOfTime = false;

  transports: for (const { transport, sni } of transportsFor(settings, target.names)) {
    // The Host header names what the server is reached as: the SNI name, else the address.
    const requests = probeRequests(settings.banner, settings.wallet, hostHeader(sni ?? target.address, target.port));
    for (const request of requests) {
      if (context.closed()) return interrupted;
      if (context.clock() >= context.deadline) {
        outOfTime = true;
        break transports;
      }
      const result = await exchange(dialled, request.steps, {
        transport,
        sni,
        limits,
        deadline: context.deadline,
        sockets: context.sockets,
        clock: context.clock,
        conclusive: (reply) => classifyReply(request, reply).strength === 'structure',
      });
      if (context.closed()) return interrupted;
      if (!result.connected) {
        // Plain TCP not connecting ends the endpoint; a transport that does not come up is
        // skipped, and what plain TCP showed stands.
        if (transport === 'tcp' && !connected) return { outcome: 'unreachable', reason: result.reason };
        notes.push(`${transportName(transport, sni)}: ${result.reason}`);
        continue transports;
      }
      connected = true;
      tried++;
      if (result.silent) {
        silent++;
        continue;
      }
      if (result.reply.length === 0) {
        closedEmpty++;
        continue;
      }
      const classified = classifyReply(request, result.reply);
      if (classified.pool && classified.strength === 'structure') return poolOf({ classified, transport });
      if (classified.pool) errorPool ??= { classified, transport };
      else answers.push({ classified, transport });
    }
    // A mining error already makes it a pool; the remaining requests on this transport had their
    // chance to show the dialect with work. Other transports would only repeat it.
    if (errorPool) break;
  }

  if (errorPool) return poolOf(errorPool);
  const tail = [...notes, ...(outOfTime ? ['per-endpoint time bound reached'] : [])];
  const suffix = tail.length ? `; ${tail.join('; ')}` : '';
  if (answers.length > 0) {
    const first = answers[0];
    const banner = answers.map((a) => a.classified.banner).find((b) => b !== undefined);
    return { outcome: 'not-pool', transport: first.transport, reason: `${first.classified.reason}${suffix}`, ...(banner ? { banner } : {}) };
  }
  if (closedEmpty > 0) {
    const silence = silent > 0 ? `, stayed silent to ${silent}` : '';
    return { outcome: 'not-pool', transport: 'tcp', reason: `accepted and closed without a byte (${closedEmpty} of ${tried} requests${silence})${suffix}` };
  }
  return {
    outcome: 'unreachable',
    reason: `silent: accepted the connection but never answered (${silent} requests, ${settings.readTimeoutMs} ms each)${suffix}`,
  };
}
