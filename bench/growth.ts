// How the embedded store's costs grow: a customer's page and a read by id measured with 1,000
// stored orders, then again after POST /orders has made it 100,000; RSS at both sizes gives
// what a stored order costs in memory (99,000 orders outweigh the garbage of making them).
import { seed, startApi } from './api.ts';
import { fire, measure, type RunOptions, rssMiB, waitForQuiet } from './measure.ts';
import { getOrder, listOrders, placeOrder } from './scenarios.ts';
import type { Knobs } from './store-suite.ts';

const SIZES = [1_000, 100_000] as const;

export async function runGrowth(knobs: Knobs, jwtSecret: string, log: (line: string) => void) {
  const { connections } = knobs;
  const tag = `growth-${Date.now()}`;
  const api = await startApi(jwtSecret);
  try {
    const data = await seed(api.url, { customers: 20, ordersPerCustomer: SIZES[0] / 20, menuItems: 10 }, tag);
    const { url, pid } = api;
    const options: RunOptions = { ...knobs, url, pid, retryWhenDisturbed: true };
    const at = async (orders: number) => {
      log(`growth: ${orders} orders`);
      await waitForQuiet();
      const rss = rssMiB(pid);
      return {
        orders,
        rssMiB: rss,
        list: await measure(listOrders(data.customers), options),
        byId: await measure(getOrder(data.customers), options),
      };
    };
    const small = await at(SIZES[0]);
    log(`growth: placing orders up to ${SIZES[1]}`);
    const more = placeOrder(data.customers, data.menuItemIds, `${tag}-more`);
    const made = await fire(
      { url, connections, requests: more.requests(), amount: SIZES[1] - SIZES[0] },
      600,
    );
    if (made.non2xx > 0 || made.errors > 0)
      throw new Error(`growth: ${made.non2xx} non-2xx, ${made.errors} errors`);
    const large = await at(SIZES[0] + made.latencies.length);
    const bytesPerOrder = Math.round(
      ((large.rssMiB - small.rssMiB) * 2 ** 20) / (large.orders - small.orders),
    );
    return { sizes: [small, large], bytesPerOrder };
  } finally {
    await api.stop();
  }
}
