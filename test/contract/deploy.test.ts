/**
 * The container files as Docker would read them, without Docker (none runs here): compose.yaml
 * parsed as YAML, every file it mounts present, every command a real rigsweep command, the
 * Prometheus it runs scraping exactly the services it defines (promtool checks that config), the
 * Grafana it provisions finding the dashboard, and the Dockerfile exposing and probing what the
 * processes serve.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../src/config/load';
import { promtool } from '../metrics/promtool';

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/cli/main.js');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
}

const compose = load(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const rigsweepServices = Object.entries(services).filter(([, s]) => s.build === '.');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The rigsweep subcommand a service runs: the first word after `rigsweep` in entrypoint + command. */
function subcommand(service: Service): string {
  const words = [...(service.entrypoint ?? []), ...(service.command ?? [])];
  const at = words.indexOf('rigsweep');
  return at >= 0 ? words[at + 1] : words[0];
}

describe('compose.yaml', () => {
  it('defines redis (append-only, noeviction), two workers, a collector, Prometheus and Grafana', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'worker-1', 'worker-2', 'collector', 'prometheus', 'grafana']));
    expect(services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(rigsweepServices.map(([, s]) => subcommand(s))).toEqual(expect.arrayContaining(['worker', 'worker', 'collect']));
  });

  it('mounts only files that exist in the repository (./data is the operator\'s)', () => {
    const sources = Object.values(services).flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]).filter((v) => v.startsWith('./'));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources.filter((s) => s !== './data')) expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
  });

  it('runs only commands rigsweep has, and each one parses its arguments (--help exits 0)', () => {
    for (const [name, service] of rigsweepServices) {
      const command = subcommand(service);
      const run = spawnSync(process.execPath, [MAIN, command, '--help'], { encoding: 'utf8' });
      expect([name, command, run.status]).toEqual([name, command, 0]);
      expect(run.stdout).toContain(`rigsweep ${command}`);
    }
  });

  it('publishes NetFlow, IPFIX and sFlow ports onto the one port the collector listens on', () => {
    const listen = services.collector.command!.join(' ').match(/udp:\/\/0\.0\.0\.0:(\d+)/);
    expect(listen).not.toBeNull();
    const targets = (services.collector.ports ?? []).map((p) => p.match(/^(\d+):(\d+)\/udp$/)!.slice(1));
    expect(targets).toEqual([['2055', listen![1]], ['4739', listen![1]], ['6343', listen![1]]]);
  });

  it('gives every rigsweep service a config that the schema accepts', () => {
    const configs = new Set(rigsweepServices.map(([, s]) => s.environment?.RIGSWEEP_CONFIG));
    expect([...configs]).toEqual(['/app/deploy/rigsweep.json']);
    const config = loadConfig(join(ROOT, 'deploy/rigsweep.json'), {});
    expect(config.collector.exporters).toContain('172.16.0.0/12');
  });

  it('runs a Prometheus that scrapes exactly the rigsweep services with --metrics, with a config promtool accepts', () => {
    const prometheus = readFileSync(join(ROOT, 'deploy/prometheus.yml'), 'utf8');
    const scraped = [...prometheus.matchAll(/'([\w-]+):9464'/g)].map((m) => m[1]).sort();
    const serving = rigsweepServices.filter(([, s]) => (s.command ?? []).includes('--metrics')).map(([n]) => n).sort();
    expect(scraped).toEqual(serving);
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-deploy-'));
    try {
      copyFileSync(join(ROOT, 'config/alerts.example.yml'), join(dir, 'alerts.yml'));
      writeFileSync(join(dir, 'prometheus.yml'), prometheus.replace('/etc/prometheus/alerts.yml', join(dir, 'alerts.yml')));
      const run = promtool(['check', 'config', join(dir, 'prometheus.yml')]);
      expect(run).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS: 1 rule files found/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('provisions Grafana with the dashboard where its provider looks', () => {
    const provider = readFileSync(join(ROOT, 'deploy/grafana/provisioning/dashboards/rigsweep.yml'), 'utf8');
    const path = provider.match(/path: (\S+)/)![1];
    const mounted = services.grafana.volumes!.find((v) => v.startsWith('./config/grafana-dashboard.example.json:'));
    expect(mounted?.split(':')[1]).toBe(`${path}/rigsweep.json`);
  });
});

describe('Dockerfile', () => {
  it('exposes the metrics port and the three flow ports', () => {
    expect(dockerfile).toMatch(/^EXPOSE 9464 2055\/udp 4739\/udp 6343\/udp$/m);
  });

  it('probes /healthz, which the metrics server answers', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD .*127\.0\.0\.1:9464\/healthz/m);
    expect(readFileSync(join(ROOT, 'src/metrics/server.ts'), 'utf8')).toContain("path === '/healthz'");
  });

  it('runs rigsweep under an init that reaps children, as a non-root user', () => {
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends tini/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "rigsweep"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const [name, service] of rigsweepServices.filter(([, s]) => s.entrypoint)) expect([name, service.entrypoint!.slice(0, 2)]).toEqual([name, ['/usr/bin/tini', '--']]);
  });

  it('copies only paths that exist', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
  });
});
