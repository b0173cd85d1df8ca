/** Reading a real process's Prometheus endpoint in integration tests. */
import type { Running } from './processes';

/** The metrics URL a process logged ("serving metrics"). */
export function metricsUrl(proc: Running): string | undefined {
  const line = proc.stderr().split('\n').find((l) => l.includes('"msg":"serving metrics"'));
  return line ? (JSON.parse(line).metrics as string) : undefined;
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series (`name{label="v",...}` exactly as exposed), or NaN when absent. */
export function seriesValue(text: string, series: string): number {
  const escaped = series.replace(/[{}"|.\\()[\]+*?^$]/g, '\\$&');
  return Number(new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text)?.[1]);
}
