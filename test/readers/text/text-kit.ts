/** Test kit for the text export readers: temp files, a collecting sink, the fixtures. */
import { withSource } from '../../../src/readers/source';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configSchema, type Config } from '../../../src/config/schema';
import type { FlowRecord } from '../../../src/flow/flow-record';
import type { FormatReader, ReaderTotals } from '../../../src/readers/format-reader';
import type { InputIssue } from '../../../src/readers/issues';

export const EXPORTS_DIR = resolve(__dirname, '../../../fixtures/exports');
export const CAPTURES_DIR = resolve(__dirname, '../../../fixtures/captures');
export const exportFixture = (name: string) => join(EXPORTS_DIR, name);

let dir: string | undefined;
let counter = 0;

// Registered when a test file imports the kit, so each file cleans up its own directory.
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  if (dir === undefined) dir = mkdtempSync(join(tmpdir(), 'rigsweep-text-'));
  return dir;
}

/** Writes text or bytes to a fresh file in this test file's temp dir (removed after the tests). */
export function writeTemp(content: string | Buffer, extension = 'txt'): string {
  const path = join(tempDir(), `export-${counter++}.${extension}`);
  writeFileSync(path, content);
  return path;
}

export function config(overrides: object = {}): Config {
  return configSchema.parse(overrides);
}

export interface Collected {
  flows: FlowRecord[];
  issues: InputIssue[];
  progress: number[];
  totals: ReaderTotals;
}

export async function collect(reader: FormatReader, path: string, settings: Config = config()): Promise<Collected> {
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const progress: number[] = [];
  const totals = await withSource(path, (source) => reader(source, settings, { flow: (f) => flows.push(f), issue: (i) => issues.push(i) }), {
    onProgress: (bytes) => progress.push(bytes),
  });
  return { flows, issues, progress, totals };
}

/** "proto client:port > server:port up packets/bytes down packets/bytes": one line per record, easy to compare. */
export function brief(f: FlowRecord): string {
  const endpoint = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);
  return `${f.protocol} ${endpoint(f.client)} > ${endpoint(f.server)} up ${f.toServer.packets}/${f.toServer.bytes} down ${f.toClient.packets}/${f.toClient.bytes}`;
}

/** Issue codes with their offsets (line numbers), in order. */
export const issueLines = (issues: InputIssue[]) => issues.map((i) => `${i.code}@${i.offset}`);

/** 2021-09-27 plus h:m:s UTC, in Unix seconds. */
export const at = (h: number, m: number, s: number) => Date.UTC(2021, 8, 27, h, m, s) / 1000;

/** 2021-09-27 plus h:m:s in the local time zone: what a zone-less time in a fixture means. */
export const local = (h: number, m: number, s: number) => new Date(2021, 8, 27, h, m, s).getTime() / 1000;
