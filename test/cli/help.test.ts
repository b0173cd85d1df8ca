import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { configSchema } from '../../src/config/schema';

async function help(...argv: string[]) {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += d));
  const code = await main(argv, { stdout, stderr: new PassThrough() as unknown as NodeJS.WriteStream });
  return { code, out };
}

describe('--help', () => {
  it.each(['scan', 'collect', 'worker', 'enqueue', 'report', 'followup'])('%s --help prints its usage, options and an example, exit 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, out } = await help(command, flag);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^usage: rigsweep ${command} `));
      expect(out).toMatch(/\nexamples?:\n {2}(REDIS_URL=\S+ )?rigsweep /);
    }
  });

  it('shows the defaults the schema holds, not copies of them', async () => {
    const d = configSchema.parse({});
    expect((await help('worker', '--help')).out).toContain(`queue.concurrency, ${d.queue.concurrency}`);
    expect((await help('enqueue', '--help')).out).toContain(`${d.queue.watchSettleSeconds} s`);
    expect((await help('collect', '--help')).out).toContain(d.collector.exporters.join(', '));
  });

  it('the top-level help points to the per-command help', async () => {
    const { code, out } = await help('--help');
    expect(code).toBe(0);
    expect(out).toContain('rigsweep COMMAND --help');
  });
});
