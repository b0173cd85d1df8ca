/**
 * Decode-only figure for `npm run bench`: reads one input with `readInput` into a sink that only
 * counts, so no detector, store or report runs: what is left is the source, the decompression and
 * the format's reader turning bytes into FlowRecords. Run as its own process (through measure()),
 * so its wall time and peak RSS are the reader's alone.
 *
 *   node dist/bench/decode-only.js INPUT RESULT.json
 *
 * RESULT.json gets { format, compression, flows, issues, readSeconds }: readSeconds is the time
 * inside readInput, without Node's start-up and module loading.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config/load';
import { readInput } from '../src/readers/input';

export interface DecodeResult {
  format: string;
  compression: string;
  flows: number;
  issues: number;
  readSeconds: number;
}

async function main(input: string, resultFile: string): Promise<void> {
  const config = loadConfig(undefined, {});
  let flows = 0;
  let issues = 0;
  const started = process.hrtime.bigint();
  const stats = await readInput(input, config, { flow: () => void flows++, issue: () => void issues++ });
  const readSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result: DecodeResult = { format: stats.format, compression: stats.compression, flows, issues, readSeconds };
  writeFileSync(resultFile, JSON.stringify(result));
}

if (require.main === module) {
  const [input, resultFile] = process.argv.slice(2);
  if (!input || !resultFile) {
    console.error('usage: decode-only INPUT RESULT.json');
    process.exitCode = 2;
  } else {
    main(input, resultFile).catch((e: Error) => {
      console.error(e.message);
      process.exitCode = 1;
    });
  }
}
