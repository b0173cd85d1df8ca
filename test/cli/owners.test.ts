/**
 * The owner map, the config and the files it names, as the built `rigsweep scan` meets them
 * (needs `npx tsc -p tsconfig.json`): each is checked before any input is read, a bad one exits
 * 2 naming file, line and reason without quoting the file, and quoted CSV fields are names.
 * The input is a FIFO nobody writes to: a scan that opened it before checking would hang.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model';
import { killAll } from '../helpers/processes';
import { runCli } from '../helpers/queue';
import { fixturePath } from '../helpers/scan';

afterAll(killAll);

const dir = mkdtempSync(join(tmpdir(), 'rigsweep-owners-'));
const demo = fixturePath('demo.pcap');
const fifo = join(dir, 'never-written.fifo');
execFileSync('mkfifo', [fifo]);

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

async function refused(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = await runCli(['scan', fifo, '--no-progress', ...args], env, 15_000);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/\n\s+at |internal error/); // no stack trace
  return result.stderr;
}

describe('files a scan needs are checked before any input', () => {
  it('an /etc/passwd-like owner map: exit 2, file and line named, nothing of it quoted', async () => {
    const owners = file('passwd', PASSWD);
    const err = await refused(['--owners', owners]);
    expect(err).toBe(`rigsweep: owner map ${owners}:1: expected cidr,owner,nature (the nature may be left out), found 1 field\n`);
    expect(err).not.toContain('root');
  });

  it('a CIDR typo on line 3: exit 2 naming line 3, the typo not echoed', async () => {
    const owners = file('typo.csv', 'cidr,owner,nature\n10.0.0.0/8,Carrier,residential broadband\n10.1.2.0/2a,EV Charge Co,charging station\n');
    const err = await refused(['--owners', owners]);
    expect(err).toMatch(new RegExp(`^rigsweep: owner map ${owners.replace(/[.]/g, '\\.')}:3: the first field is not an IP address or CIDR range`));
    expect(err).not.toContain('2a');
    expect(err).not.toContain('EV Charge');
  });

  it('an owner name with an unquoted comma says how to quote it', async () => {
    const err = await refused(['--owners', file('comma.csv', '10.0.0.0/8,Acme, Inc.,enterprise\n')]);
    expect(err).toMatch(/:1: expected cidr,owner,nature .*found 4 fields \(quote a name that holds a comma: "Acme, Inc\."\)/);
  });

  it('a missing owner map, named in the config: exit 2', async () => {
    const config = file('owners-missing.json', JSON.stringify({ owners: 'nowhere.csv' }));
    expect(await refused(['--config', config])).toBe(`rigsweep: cannot read owner map ${join(dir, 'nowhere.csv')}: ENOENT\n`);
  });

  it('an indicator list named in the config that is not one: exit 2, nothing of it quoted', async () => {
    const config = file('bad-indicators.json', JSON.stringify({ indicators: { poolDomains: [file('domains-passwd', PASSWD)] } }));
    const err = await refused(['--config', config]);
    expect(err).toMatch(/domains-passwd:1: the header must be "suffix,pool,coin,source"/);
    expect(err).not.toContain('root');
  });

  it('a config that is /etc/passwd: exit 2 with line and column, nothing of it quoted', async () => {
    const err = await refused(['--config', file('passwd.json', PASSWD)]);
    expect(err).toMatch(/^rigsweep: config \S+passwd\.json is not valid JSON: line 1, column 1: /);
    expect(err).not.toContain('root:x');
  });

  it('an oversize config: exit 2, the bound named', async () => {
    const big = file('big.json', `{"homeNetworks": ["10.0.0.0/8"], "pad": "${'x'.repeat(1.5 * 2 ** 20)}"}`);
    expect(await refused(['--config', big])).toBe(`rigsweep: config ${big} is larger than 1 MiB: is it the right file?\n`);
  });
});

describe('owner names', () => {
  it('quoted fields hold commas and doubled quotes', async () => {
    const owners = file(
      'quoted.csv',
      ['cidr,owner,nature', '# the demo miners', '192.168.1.0/24,"Acme, Inc.",data centre', '192.168.7.0/24,"The ""Works"" Ltd","industrial park, east"'].join('\r\n'),
    );
    const result = await runCli(['scan', demo, '--no-progress', '--format', 'json', '--owners', owners], process.env);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.hosts.find((h) => h.ip === '192.168.1.21')?.owner).toEqual({ name: 'Acme, Inc.', nature: 'data centre', range: '192.168.1.0/24' });
    expect(report.hosts.find((h) => h.ip === '192.168.7.2')?.owner).toEqual({ name: 'The "Works" Ltd', nature: 'industrial park, east', range: '192.168.7.0/24' });
    expect(report.summary.byOwner).toMatchObject({ 'Acme, Inc.': 4 });
  });

  it('ESC, OSC and CSI bytes in an owner name do not reach the terminal in any text format', async () => {
    const owners = file('hostile.csv', '192.168.1.0/24,\u001b]0;pwned\u0007Evil\u001b[31m Corp\u009b2J,"data\u007f centre"\n');
    for (const format of ['table', 'csv', 'html', 'json']) {
      // Wide enough for the whole owner cell in the table.
      const result = await runCli(['scan', demo, '--no-progress', '--format', format, '--owners', owners], { ...process.env, COLUMNS: '400' });
      expect(result.code).toBe(0);
      // Newlines end lines and the HTML/JSON indentation is spaces: no other control survives.
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      if (format !== 'json') expect(result.stdout).toContain('\\x1b]0;pwned\\x07Evil\\x1b[31m Corp\\x9b2J');
    }
    const json = await runCli(['scan', demo, '--no-progress', '--format', 'json', '--owners', owners], process.env);
    expect((JSON.parse(json.stdout) as Report).hosts[0].owner?.name).toBe('\u001b]0;pwned\u0007Evil\u001b[31m Corp\u009b2J');
  });
});
