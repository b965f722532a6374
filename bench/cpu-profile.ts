// Summarises a V8 .cpuprofile (node --cpu-prof): where the JavaScript thread spent its time,
// by function (self time) and by origin (package or project layer).
// CLI: node bench/cpu-profile.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Microseconds on the monotonic clock (the same clock as process.hrtime on Linux). */
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  /** Sampled time the thread was busy (not idle). */
  readonly busyMs: number;
  readonly functions: readonly SelfTime[];
  readonly origins: readonly SelfTime[];
}

/** Where a function comes from: a package, a workspace package, Node itself, or V8's pseudo-frames. */
function originOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: (core)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm?.[1] !== undefined) return pnpm[1];
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plain?.[1] !== undefined) return plain[1];
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace !== null) return `${workspace[1]}/${workspace[2]}`;
  return url;
}

function label(frame: CallFrame): string {
  const file = frame.url
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^file:\/\/.*\/(packages|apps)\//, '$1/');
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return file === '' ? name : `${name} ${file}:${frame.lineNumber + 1}`;
}

/** Self time per function and per origin, of the samples taken within [fromUs, toUs] if given. */
export function summarise(
  profile: CpuProfile,
  top: number,
  fromUs = -Infinity,
  toUs = Infinity,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let sampled = 0;
  let idle = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    // A sample stands for the interval until the next one.
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (time < fromUs || time > toUs) continue;
    const node = byId.get(profile.samples[i] ?? -1);
    if (node === undefined) continue;
    sampled += duration;
    if (node.callFrame.functionName === '(idle)') {
      idle += duration;
      continue;
    }
    const fn = label(node.callFrame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + duration);
    const origin = originOf(node.callFrame);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + duration);
  }
  const busy = sampled - idle;
  const rank = (map: Map<string, number>, n: number): SelfTime[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 100) / 10,
        percent: busy === 0 ? 0 : Math.round((us / busy) * 1000) / 10,
      }));
  return {
    sampledMs: Math.round(sampled / 1000),
    busyMs: Math.round(busy / 1000),
    functions: rank(byFunction, top),
    origins: rank(byOrigin, 20),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const lines = [
    `sampled ${summary.sampledMs} ms, JavaScript thread busy ${summary.busyMs} ms; self time as % of busy`,
    '',
    'by origin:',
    ...summary.origins.map((o) => `  ${o.percent.toFixed(1).padStart(5)} %  ${o.name}`),
    '',
    'top functions (self time):',
    ...summary.functions.map((f) => `  ${f.percent.toFixed(1).padStart(5)} %  ${f.name}`),
  ];
  return lines.join('\n');
}

if (import.meta.main) {
  const [file, top] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: node bench/cpu-profile.ts <file.cpuprofile> [top=25]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatSummary(summarise(profile, Number(top ?? 25)))}\n`);
}
