#!/usr/bin/env node
/** rigsweep's command line: dispatches to one module per command and maps errors to exit codes. */
import { ConfigError } from '../config/load';
import { EXIT, UsageError } from './exit-codes';
import { processIo, type Io } from './io';
import { runScan, SCAN_USAGE } from './scan';
import { collectHelp, enqueueHelp, followupHelp, intelHelp, probeHelp, reportHelp, scanHelp, workerHelp } from './help';
import { COLLECT_USAGE, runCollect } from './collect';
import { ENQUEUE_USAGE, runEnqueue } from './enqueue';
import { FOLLOWUP_USAGE, runFollowup } from './followup';
import { REPORT_USAGE, runReport } from './report';
import { runWorker, WORKER_USAGE } from './worker';
import { INTEL_USAGE, runIntel } from './intel';
import { PROBE_USAGE, runProbe } from './probe';
import { version } from '../version';
import { isUnavailable } from '../queue/redis-connection';
import { escapeControlsPerLine } from '../text/controls';

const COMMANDS: Record<string, { run(argv: string[], io: Io): Promise<number>; usage: string; help: () => string }> = {
  scan: { run: runScan, usage: SCAN_USAGE, help: scanHelp },
  collect: { run: runCollect, usage: COLLECT_USAGE, help: collectHelp },
  worker: { run: runWorker, usage: WORKER_USAGE, help: workerHelp },
  enqueue: { run: runEnqueue, usage: ENQUEUE_USAGE, help: enqueueHelp },
  report: { run: runReport, usage: REPORT_USAGE, help: reportHelp },
  followup: { run: runFollowup, usage: FOLLOWUP_USAGE, help: followupHelp },
  intel: { run: runIntel, usage: INTEL_USAGE, help: intelHelp },
  probe: { run: runProbe, usage: PROBE_USAGE, help: probeHelp },
};

const USAGE = `rigsweep ${version}: finds hidden cryptocurrency mining in packet captures and flow exports

commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.replace(/^usage: /, '')}`)
  .join('\n')}

"rigsweep COMMAND --help" for a command's options, defaults and examples.

exit codes: 0 ok (whatever was found), 1 --fail-on level reached, 2 usage or config error, 3 unreadable input, 4 Redis unavailable`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE + '\n');
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === '--version') {
    io.stdout.write(version + '\n');
    return EXIT.ok;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    io.stderr.write(`rigsweep: unknown command "${command}"\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${handler.help()}\n`);
    return EXIT.ok;
  }
  // Messages carry file names, config keys and server replies: escaped, so none can drive the terminal.
  const say = (text: string) => io.stderr.write(`rigsweep: ${escapeControlsPerLine(text)}\n`);
  try {
    return await handler.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      say(`${e.message}\n${handler.usage}`);
      return EXIT.usage;
    }
    if (e instanceof ConfigError) {
      say(e.message);
      return EXIT.usage;
    }
    if (isUnavailable(e)) {
      say(`Redis unavailable (${(e as Error).message}): check queue.redisUrl / REDIS_URL`);
      return EXIT.unavailable;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`rigsweep: internal error: ${escapeControlsPerLine(e.stack ?? e.message)}\n`);
      process.exitCode = 70;
    },
  );
}
