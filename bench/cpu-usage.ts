/**
 * Where the CPU went during a timed run, from /proc: how many cores the whole machine kept busy
 * and how many of those were the benchmark's own processes. On a small shared machine this is
 * what tells "the queue is slow" apart from "the cores were taken" (by other work, or by us).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second: the unit of /proc/stat and /proc/PID/stat times. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface MachineTicks {
  busy: number;
  total: number;
}

function machineTicks(): MachineTicks {
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user).
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + fields[4];
  return { busy: total - idle, total };
}

/** CPU seconds the processes have used so far; a process that is gone counts 0. */
export function processCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
      ticks += Number(after[11]) + Number(after[12]); // utime, stime (fields 14 and 15)
    } catch {
      // exited, or not started yet
    }
  }
  return ticks / TICKS_PER_SECOND;
}

export interface CpuUse {
  /** Cores the whole machine kept busy on average (anyone's work). */
  machineCores: number;
  /** Cores the benchmark's own processes used on average. */
  ownCores: number;
}

/**
 * Starts counting; `stop(ownCpuSeconds, seconds)` answers the average cores used over the
 * interval, given the CPU seconds the benchmark's processes used in it and its wall time.
 */
export function countMachineCpu(): { stop(ownCpuSeconds: number, seconds: number): CpuUse } {
  const start = machineTicks();
  return {
    stop(ownCpuSeconds, seconds) {
      const end = machineTicks();
      const cores = end.total > start.total ? ((end.busy - start.busy) / (end.total - start.total)) * countCores() : 0;
      return { machineCores: cores, ownCores: ownCpuSeconds / seconds };
    },
  };
}

function countCores(): number {
  return readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
}
