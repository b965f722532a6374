import type { Measurement } from './load.ts';
import type { FloodScenarioResult } from './login-flood.ts';
import type { StoreSuiteResult } from './store-suite.ts';

function percent(part: number, whole: number | undefined): string {
  if (whole === undefined || whole === 0) return '–';
  const share = (part / whole) * 100;
  return `${share < 10 ? share.toFixed(1) : Math.round(share)} %`;
}

function num(value: number | undefined): string {
  return value === undefined ? '–' : String(value);
}

function failuresOf(m: Measurement): string {
  const errors = m.timeouts > 0 ? `${m.errors} (${m.timeouts} timeouts)` : String(m.errors);
  return `${m.non2xx} / ${errors}`;
}

/** One Markdown table per store: the API, its ceiling, and on MongoDB the raw driver. */
export function storeTable(suite: StoreSuiteResult): string {
  const withRaw = suite.rawDriver !== null;
  const header = [
    'route',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx / errors',
    'peak RSS MiB',
    'server CPU %',
    'CPU µs/req',
    'other CPU %',
    'ceiling req/s',
    'of ceiling req/s',
    'ceiling CPU µs/req',
    'of ceiling by CPU',
    ...(withRaw ? ['raw driver op/s', 'of raw driver'] : []),
  ];
  const rows = suite.api.map((m) => {
    const ceiling = suite.ceiling.find((c) => c.route === m.route);
    const raw = suite.rawDriver?.find((r) => r.comparedWith === m.route);
    return [
      `\`${m.route}\``,
      String(m.requestsPerSecond),
      String(m.latencyMs.p50),
      String(m.latencyMs.p99),
      failuresOf(m),
      num(m.server?.peakRssMiB),
      num(m.server?.cpuPercent),
      num(m.serverCpuMicrosPerRequest ?? undefined),
      num(m.otherCpuPercent ?? undefined),
      num(ceiling?.requestsPerSecond),
      percent(m.requestsPerSecond, ceiling?.requestsPerSecond),
      num(ceiling?.serverCpuMicrosPerRequest ?? undefined),
      ceiling?.serverCpuMicrosPerRequest == null || m.serverCpuMicrosPerRequest === null
        ? '–'
        : percent(ceiling.serverCpuMicrosPerRequest, m.serverCpuMicrosPerRequest),
      ...(withRaw
        ? [
            raw === undefined ? '–' : `${raw.operationsPerSecond} (${raw.operation})`,
            percent(m.requestsPerSecond, raw?.operationsPerSecond),
          ]
        : []),
    ];
  });
  const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  if (suite.ordersInCollection !== null) {
    const sizes = Object.entries(suite.ordersInCollection).map(([route, n]) => `\`${route}\` ${n}`);
    table.push('', `Orders in the collection before each route’s warm-up: ${sizes.join(', ')}.`);
  }
  return table.join('\n');
}

export function floodTable(results: readonly FloodScenarioResult[]): string {
  const header = [
    'scenario',
    'login answers/s',
    '200 / 401 / 429',
    '429 p50 / p99 ms',
    '200+401 p99 ms',
    '`GET /orders/:id` p50 / p99 ms alone',
    'p50 / p99 ms during flood',
    'probe non-2xx',
    'server CPU % (JS thread / threadpool)',
    'machine busy %',
  ];
  const rows = results.map((r) => {
    const s = r.flood.byStatus;
    const verified = [s['200'], s['401']].filter((x) => x !== undefined);
    const verifiedP99 = verified.length === 0 ? '–' : String(Math.max(...verified.map((x) => x.p99)));
    const cpu = r.probeDuringFlood.server;
    return [
      r.name,
      String(r.flood.requestsPerSecond),
      `${s['200']?.count ?? 0} / ${s['401']?.count ?? 0} / ${s['429']?.count ?? 0}`,
      s['429'] === undefined ? '–' : `${s['429'].p50} / ${s['429'].p99}`,
      verifiedP99,
      `${r.probeAlone.latencyMs.p50} / ${r.probeAlone.latencyMs.p99}`,
      `${r.probeDuringFlood.latencyMs.p50} / ${r.probeDuringFlood.latencyMs.p99}`,
      String(r.probeDuringFlood.non2xx + r.probeDuringFlood.errors),
      cpu === null ? '–' : `${cpu.cpuPercent} (${cpu.mainThreadCpuPercent} / ${cpu.threadpoolCpuPercent})`,
      num(cpu?.machineBusyPercent),
    ];
  });
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
