import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux x86-64 and arm64 build. */
const TICKS_PER_SECOND = 100;
const RSS_SAMPLE_MS = 100;

/** What a server process used during one measured window. CPU is in % of one core (200 = both cores). */
export interface ProcessUsage {
  /** Highest resident set size in the window: VmHWM after a reset, or the highest 100 ms sample. */
  readonly peakRssMiB: number;
  readonly cpuPercent: number;
  /** The JavaScript thread: routing, validation, serialization, the in-memory store. */
  readonly mainThreadCpuPercent: number;
  /** libuv's threadpool: argon2 hashing (and fs/dns work, of which there is little). */
  readonly threadpoolCpuPercent: number;
  /** V8's helper threads: concurrent marking, sweeping and compilation. */
  readonly v8WorkersCpuPercent: number;
  /** The whole machine (every process, the load generator too) busy, in % of all cores. */
  readonly machineBusyPercent: number;
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** CPU ticks per thread name (comm) of `pid`; threads that end between two readings are skipped. */
function threadTicks(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const tid of tids) {
    const stat = readOr(`/proc/${pid}/task/${tid}/stat`);
    if (stat === null) continue;
    // The thread name sits in parentheses and may contain spaces: fields count from the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
    byName.set(name, (byName.get(name) ?? 0) + ticks);
  }
  return byName;
}

function machineTicks(): { busy: number; total: number } {
  const line = readOr('/proc/stat')?.split('\n')[0] ?? 'cpu 0 0 0 0';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readOr(`/proc/${pid}/status`) ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

function sumWhere(ticks: Map<string, number>, test: (name: string) => boolean): number {
  let sum = 0;
  for (const [name, value] of ticks) if (test(name)) sum += value;
  return sum;
}

export interface ProcessMeter {
  stop(): ProcessUsage;
}

/** Starts watching `pid` (Linux /proc); stop() returns its usage since then. */
export function meterProcess(pid: number): ProcessMeter {
  // Writing 5 to clear_refs resets VmHWM to the current RSS, so the peak is this window's own.
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    hwmReset = false;
  }
  const startedAt = process.hrtime.bigint();
  const before = threadTicks(pid);
  const machineBefore = machineTicks();
  let sampledPeakKiB = statusKiB(pid, 'VmRSS') ?? 0;
  const sampler = setInterval(() => {
    sampledPeakKiB = Math.max(sampledPeakKiB, statusKiB(pid, 'VmRSS') ?? 0);
  }, RSS_SAMPLE_MS);
  sampler.unref();

  return {
    stop() {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const after = threadTicks(pid);
      const machineAfter = machineTicks();
      const delta = new Map<string, number>();
      for (const [name, ticks] of after) delta.set(name, ticks - (before.get(name) ?? 0));
      const percent = (ticks: number) => round1((ticks / TICKS_PER_SECOND / seconds) * 100);
      const hwm = hwmReset ? (statusKiB(pid, 'VmHWM') ?? 0) : 0;
      const peakKiB = Math.max(hwm, sampledPeakKiB, statusKiB(pid, 'VmRSS') ?? 0);
      const machineTotal = machineAfter.total - machineBefore.total;
      return {
        peakRssMiB: round1(peakKiB / 1024),
        cpuPercent: percent(sumWhere(delta, () => true)),
        mainThreadCpuPercent: percent(sumWhere(delta, (n) => n === 'MainThread' || n === 'node')),
        threadpoolCpuPercent: percent(sumWhere(delta, (n) => n === 'libuv-worker')),
        v8WorkersCpuPercent: percent(sumWhere(delta, (n) => n === 'V8Worker')),
        machineBusyPercent:
          machineTotal > 0 ? round1(((machineAfter.busy - machineBefore.busy) / machineTotal) * 100) : 0,
      };
    },
  };
}

/** Share of all cores busy (any process) over the next `ms`. */
export async function machineBusyPercent(ms: number): Promise<number> {
  const before = machineTicks();
  await new Promise((done) => setTimeout(done, ms));
  const after = machineTicks();
  const total = after.total - before.total;
  return total > 0 ? round1(((after.busy - before.busy) / total) * 100) : 0;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
