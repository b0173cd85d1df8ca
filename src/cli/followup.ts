/**
 * `rigsweep followup list|confirm|dismiss`: the analysts' side of the follow-up list. A dismissed
 * address is allowlisted: later sweeps raise no follow-up for it and reports show it dismissed
 * rather than flagged.
 */
import { FollowupStore } from '../followup/followup-store';
import type { FollowupEntry } from '../followup/entry';
import { closeRedis } from '../queue/redis-connection';
import { openQueueContext } from '../queue/queue-context';
import { alignColumns } from '../report/text-columns';
import { parseCommandLine } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { loadSetup } from './setup';

export const FOLLOWUP_USAGE = `usage: rigsweep followup list [--state new|confirmed|dismissed] [--format table|json] [--config FILE]
       rigsweep followup confirm|dismiss <ip> [--note TEXT] [--config FILE]`;

const STATES = ['new', 'confirmed', 'dismissed'];

export async function runFollowup(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'list' && action !== 'confirm' && action !== 'dismiss') throw new UsageError(`followup takes list, confirm or dismiss, not ${action ?? 'nothing'}`);
  const { values, positionals } = parseCommandLine(
    rest,
    { state: { type: 'string' }, format: { type: 'string', default: 'table' }, note: { type: 'string' }, config: { type: 'string', short: 'c' } },
    true,
  );
  if (values.state !== undefined && !STATES.includes(values.state)) throw new UsageError(`--state takes ${STATES.join(', ')}, not ${values.state}`);
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`followup list --format takes table or json, not ${values.format}`);
  if (action !== 'list' && positionals.length !== 1) throw new UsageError(`followup ${action} takes one address`);
  const setup = loadSetup({ config: values.config });
  const context = openQueueContext(setup, { waitForever: false, name: 'followup' });
  const store = new FollowupStore(context.redis, context.store.keys);
  try {
    if (action === 'list') {
      const entries = [...(await store.entries()).values()].filter((e) => values.state === undefined || e.state === values.state);
      io.stdout.write(values.format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : followupTable(entries));
      return EXIT.ok;
    }
    const entry = await store.decide(positionals[0], action === 'confirm' ? 'confirmed' : 'dismissed', values.note, new Date());
    io.stdout.write(`${entry.ip}: ${entry.state}${entry.note ? ` (${entry.note})` : ''}\n`);
    return EXIT.ok;
  } finally {
    await closeRedis(context.redis);
  }
}

function followupTable(entries: readonly FollowupEntry[]): string {
  if (entries.length === 0) return 'no addresses flagged for follow-up\n';
  const rows = [['ADDRESS', 'STATE', 'LEVEL', 'SCORE', 'ROLE', 'FLAGGED', 'NOTE'], ...entries.map((e) => [e.ip, e.state, e.level ?? '-', String(e.score ?? '-'), e.role ?? '-', e.firstFlaggedAt ?? '-', e.note ?? ''])];
  return alignColumns(rows).join('\n') + '\n';
}
