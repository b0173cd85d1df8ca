/**
 * Follow-up records in Redis: flags (written by the sweep) and decisions (written by analysts) in
 * two hashes keyed by address. Never expired: an analyst's confirmation or dismissal outlives
 * every retention setting.
 */
import type { Cluster, Redis } from 'ioredis';
import type { z } from 'zod';
import type { StoreKeys } from '../store/redis/keys';
import {
  appendHistory,
  decisionRecordSchema,
  flagRecordSchema,
  followupEntries,
  followupEntry,
  type Decision,
  type DecisionRecord,
  type FlagRecord,
  type FollowupEntry,
} from './entry';

export interface FollowupRecords {
  flags: Map<string, FlagRecord>;
  decisions: Map<string, DecisionRecord>;
  /** Addresses whose stored record failed validation (left out, never overwritten silently). */
  unreadable: string[];
}

export class FollowupStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: StoreKeys,
  ) {}

  async records(): Promise<FollowupRecords> {
    const unreadable: string[] = [];
    const [flags, decisions] = await Promise.all([
      this.readHash(this.keys.followups, flagRecordSchema, unreadable),
      this.readHash(this.keys.decisions, decisionRecordSchema, unreadable),
    ]);
    return { flags, decisions, unreadable };
  }

  /** Every address with a flag or a decision, as analysts see it, by address. */
  async entries(): Promise<Map<string, FollowupEntry>> {
    const { flags, decisions } = await this.records();
    return followupEntries(flags, decisions);
  }

  async putFlags(flags: readonly FlagRecord[]): Promise<void> {
    if (flags.length === 0) return;
    await this.client.hset(this.keys.followups, Object.fromEntries(flags.map((f) => [f.ip, JSON.stringify(f)])));
  }

  /** Records an analyst's decision; an address never flagged can be decided on too. */
  async decide(ip: string, state: Decision, note: string | undefined, now: Date): Promise<FollowupEntry> {
    const at = now.toISOString();
    const [flagJson, decisionJson] = await Promise.all([this.client.hget(this.keys.followups, ip), this.client.hget(this.keys.decisions, ip)]);
    const history = (decisionJson === null ? undefined : parseJson(decisionJson, decisionRecordSchema))?.history ?? [];
    const decision = appendHistory({ state, ...(note === undefined ? {} : { note }), decidedAt: at, history }, at, state, note);
    await this.client.hset(this.keys.decisions, ip, JSON.stringify(decision));
    return followupEntry(ip, flagJson === null ? undefined : parseJson(flagJson, flagRecordSchema), decision);
  }

  private async readHash<T>(key: string, schema: z.ZodType<T>, unreadable: string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (const [ip, json] of Object.entries(await this.client.hgetall(key))) {
      const parsed = parseJson(json, schema);
      if (parsed === undefined) unreadable.push(ip);
      else out.set(ip, parsed);
    }
    return out;
  }
}

function parseJson<T>(json: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
