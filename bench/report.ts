// The Markdown tables `pnpm bench` prints and writes to bench/results/summary.md.
import type { runGrowth } from './growth.ts';
import type { FloodScenario } from './login-flood.ts';
import type { StoreSuite } from './store-suite.ts';

const share = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)}`;
const percent = (part: number, whole: number | undefined) =>
  whole === undefined || whole === 0 ? '–' : `${share((part / whole) * 100)} %`;
const table = (header: string, rows: unknown[][]) => {
  const columns = header.split(' | ');
  return [columns, columns.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
};

/**
 * The API, its ceiling (by req/s and, steadier, by CPU per request: the median of the turns'
 * shares, their lowest and highest beside it) and on MongoDB the raw driver.
 */
export function storeTable(suite: StoreSuite): string {
  const raw = suite.rawDriver;
  const header =
    'route | req/s | p50 ms | p99 ms | non-2xx / errors | peak RSS MiB | server CPU % | CPU µs/req | ' +
    'other CPU % | ceiling req/s | of ceiling req/s | ceiling CPU µs/req | of ceiling by CPU (turns low–high)' +
    (raw === null ? '' : ' | raw driver op/s | of raw driver');
  const rows = suite.api.map((m) => {
    const top = suite.ceiling.find((c) => c.route === m.route);
    const floor = raw?.find((r) => r.route === m.route);
    const turns = suite.ofCeilingByCpu[m.route];
    return [
      `\`${m.route}\``,
      m.requestsPerSecond,
      m.latencyMs.p50,
      m.latencyMs.p99,
      `${m.non2xx} / ${m.errors}`,
      m.server.peakRssMiB,
      m.server.cpuPercent,
      m.cpuMicrosPerRequest,
      m.otherCpuPercent,
      top?.requestsPerSecond ?? '–',
      percent(m.requestsPerSecond, top?.requestsPerSecond),
      top?.cpuMicrosPerRequest ?? '–',
      turns === undefined ? '–' : `${share(turns.median)} % (${share(turns.low)}–${share(turns.high)})`,
      ...(raw === null
        ? []
        : [floor === undefined ? '–' : `${floor.operationsPerSecond} (${floor.operation})`]),
      ...(raw === null ? [] : [percent(m.requestsPerSecond, floor?.operationsPerSecond)]),
    ];
  });
  const { idleRssMiB, seededRssMiB, bytesPerOrder } = suite.memory;
  const seeded = suite.dataset.customers * suite.dataset.ordersPerCustomer;
  // On MongoDB the orders live in the database: the API's RSS over the run is garbage and its
  // collection, which can go either way, so no per-order figure is drawn from it.
  const perOrder =
    suite.store === 'memory'
      ? `; RSS grew by ${bytesPerOrder} bytes per order stored by the \`POST /orders\` run (uncollected garbage included)`
      : '';
  const notes = [
    `Memory: ${idleRssMiB} MiB RSS idle, ${seededRssMiB} MiB with the ${seeded} seeded orders${perOrder}.`,
  ];
  if (suite.ordersInCollection !== null) {
    const sizes = Object.entries(suite.ordersInCollection).map(([route, n]) => `\`${route}\` ${n}`);
    notes.push(`Orders in the collection as each route's run began: ${sizes.join(', ')}.`);
  }
  return [table(header, rows), '', ...notes].join('\n');
}

export function floodTable(results: readonly FloodScenario[]): string {
  const header =
    'scenario | login answers/s | 200 / 401 / 429 | 429 p50 / p99 ms | 200+401 p99 ms | ' +
    '`GET /orders/:id` p50 / p99 ms alone | p50 / p99 ms during flood | probe non-2xx | ' +
    'server CPU % (JS thread / threadpool) | machine busy %';
  const rows = results.map(({ name, flood, probeAlone: alone, probeDuringFlood: during }) => {
    const s = flood.byStatus;
    const verified = [s[200], s[401]].flatMap((x) => (x === undefined ? [] : [x.p99]));
    const cpu = during.server;
    return [
      name,
      flood.requestsPerSecond,
      `${s[200]?.count ?? 0} / ${s[401]?.count ?? 0} / ${s[429]?.count ?? 0}`,
      s[429] === undefined ? '–' : `${s[429].p50} / ${s[429].p99}`,
      verified.length === 0 ? '–' : Math.max(...verified),
      `${alone.latencyMs.p50} / ${alone.latencyMs.p99}`,
      `${during.latencyMs.p50} / ${during.latencyMs.p99}`,
      during.non2xx + during.errors,
      `${cpu.cpuPercent} (${cpu.jsThreadCpuPercent} / ${cpu.threadpoolCpuPercent})`,
      cpu.machineBusyPercent,
    ];
  });
  return table(header, rows);
}

/** CPU per request of a page and a read by id at each store size, and memory per stored order. */
export function growthTable(growth: Awaited<ReturnType<typeof runGrowth>>): string {
  const header =
    'orders stored | RSS MiB | `GET /orders?limit=20` CPU µs/req | req/s | `GET /orders/:id` CPU µs/req | req/s';
  const rows = growth.sizes.map(({ orders, rssMiB, list, byId }) => [
    orders,
    rssMiB,
    list.cpuMicrosPerRequest,
    list.requestsPerSecond,
    byId.cpuMicrosPerRequest,
    byId.requestsPerSecond,
  ]);
  return `${table(header, rows)}\n\nMemory per stored order (RSS growth over the orders added): ${growth.bytesPerOrder} bytes.`;
}
