// The workload of a chaos run: customers placing orders under keys (and sending the same request
// again after an unknown outcome or a 503, as a careful client does), cancelling their own,
// reading and paging; kitchen and admin moving orders under keys, some with If-Match, the admin
// overriding with a reason; and, where the database applies a conditional write atomically,
// several writers racing on one order. Every request goes through the history.

import { Agent } from 'node:http';
import type { AttemptRequest } from '../http-attempt.ts';
import type { ChaosCluster } from './faults.ts';
import type { ActorRef, ChaosHistory, Operation, Outcome, RequestRecord, Status } from './history.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface Participant extends ActorRef {
  readonly token: string;
  readonly label: string;
}

export interface WorkloadOptions {
  readonly customers: readonly Participant[];
  readonly kitchens: readonly Participant[];
  readonly admins: readonly Participant[];
  readonly menuItemIds: readonly string[];
  /** The workload starts no new operation once this many requests were sent. */
  readonly maxRequests: number;
  /**
   * True where a conditional update is atomic (MongoDB): then some orders get several writers
   * at once. False on FerretDB: every order has one writer at a time.
   */
  readonly racing: boolean;
  /** Seeds the workload's random choices (printed; the interleaving of the loops still varies). */
  readonly seed: number;
  /** A careful client gives up on one request after this long (its outcome stays unknown). */
  readonly retryForMs: number;
  /**
   * An impatient customer's client timeout for creates: an answer slower than this (a stalled
   * database) is an unknown outcome, and the create is sent again under its key. Safe on any
   * server, as one order per key rests on a unique index; transitions wait for their answer.
   */
  readonly createTimeoutMs: number;
}

export interface WorkloadStats {
  races: number;
  doubleSends: number;
  keyReuses: number;
  retries: number;
}

interface Known {
  readonly id: string;
  readonly customerId: string;
  status: Status;
  version: number;
}

/** A small seeded generator (mulberry32), so a run's choices can be told by its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Worth sending again: the request may not have reached a server, or the server was away. */
const retryable = (outcome: Outcome) =>
  outcome.kind !== 'answered' || outcome.status === 503 || outcome.status === 429;

const NEXT: Partial<Record<Status, Status>> = {
  CREATED: 'CONFIRMED',
  CONFIRMED: 'PREPARING',
  PREPARING: 'READY',
};
const STATUSES: readonly Status[] = ['CREATED', 'CONFIRMED', 'PREPARING', 'READY', 'CANCELLED'];

export class Workload {
  readonly stats: WorkloadStats = { races: 0, doubleSends: 0, keyReuses: 0, retries: 0 };
  readonly #history: ChaosHistory;
  readonly #cluster: ChaosCluster;
  readonly #options: WorkloadOptions;
  readonly #next: () => number;
  readonly #orders = new Map<string, Known>();
  /** Orders some writer holds: on FerretDB the one writer, with MongoDB the racers too. */
  readonly #busy = new Set<string>();
  readonly #agents = new Map<string, Agent>();
  #stopping = false;
  #failure: unknown;
  #loops: Promise<void>[] = [];
  #walks = 0;

  constructor(history: ChaosHistory, cluster: ChaosCluster, options: WorkloadOptions) {
    this.#history = history;
    this.#cluster = cluster;
    this.#options = options;
    this.#next = random(options.seed);
  }

  start(): void {
    const { customers, kitchens, admins } = this.#options;
    this.#loops = [
      ...customers.map((customer) => this.#loop(() => this.#customerStep(customer))),
      ...kitchens.map((kitchen) => this.#loop(() => this.#kitchenStep(kitchen))),
      ...admins.map((admin) => this.#loop(() => this.#adminStep(admin))),
      ...(this.#options.racing ? [this.#loop(() => this.#race())] : []),
    ];
  }

  /**
   * Starts no new operation; every loop finishes the one it is in (retries included). Rejects
   * with the first error a loop met (which stopped them all).
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#loops);
    for (const agent of this.#agents.values()) agent.destroy();
    if (this.#failure !== undefined) throw this.#failure;
  }

  async #loop(step: () => Promise<void>): Promise<void> {
    try {
      while (!this.#stopping && this.#history.records.length < this.#options.maxRequests) {
        await step();
        // Think time: keeps a two-core machine responsive and spreads the traffic over the faults.
        await sleep(10 + this.#next() * 40);
      }
    } catch (error) {
      this.#stopping = true;
      this.#failure ??= error;
    }
  }

  #pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.#next() * items.length)];
  }

  #agent(actor: ActorRef, instance: number): Agent {
    const name = `${actor.id}/${instance}`;
    let agent = this.#agents.get(name);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, maxSockets: 4 });
      this.#agents.set(name, agent);
    }
    return agent;
  }

  /** One request to `instance` (or a random one), recorded. */
  #send(who: Participant, op: Operation, request: Omit<AttemptRequest, 'token'>, instance?: number) {
    const chosen = instance ?? Math.floor(this.#next() * this.#cluster.size);
    return this.#history.send(
      {
        instance: chosen,
        url: this.#cluster.url(chosen),
        agent: this.#agent(who, chosen),
        ...(op.kind === 'create' && { timeoutMs: this.#options.createTimeoutMs }),
      },
      who,
      op,
      { ...request, token: who.token },
      who.label,
    );
  }

  /**
   * A careful client: the very same request (same key, body and If-Match) again after an
   * unknown outcome, a refused connection, a 503 or a 429, on the other instance, until it
   * gets an answer that decides it or gives up. The pause before a retry also lets a write
   * that is still on its way to the database land first, so one order keeps one writer.
   */
  async #untilDecided(
    who: Participant,
    op: Operation,
    request: Omit<AttemptRequest, 'token'>,
    firstInstance?: number,
  ): Promise<RequestRecord> {
    const deadline = performance.now() + this.#options.retryForMs;
    let instance = firstInstance ?? Math.floor(this.#next() * this.#cluster.size);
    for (;;) {
      const record = await this.#send(who, op, request, instance);
      if (!retryable(record.outcome) || performance.now() > deadline) return record;
      this.stats.retries += 1;
      instance = (instance + 1) % this.#cluster.size;
      await sleep(250 + this.#next() * 250);
    }
  }

  #claim(filter: (order: Known) => boolean): Known | undefined {
    const free = [...this.#orders.values()].filter((order) => !this.#busy.has(order.id) && filter(order));
    const order = this.#pick(free);
    if (order !== undefined) this.#busy.add(order.id);
    return order;
  }

  #learn(record: RequestRecord): void {
    const { outcome } = record;
    if (outcome.kind !== 'answered' || (outcome.status !== 200 && outcome.status !== 201)) return;
    const order = outcome.body?.order;
    if (typeof order?.id !== 'string') return;
    const known = this.#orders.get(order.id);
    if (known === undefined) {
      this.#orders.set(order.id, {
        id: order.id,
        customerId: order.customerId,
        status: order.status,
        version: order.version,
      });
    } else if (order.version >= known.version) {
      known.status = order.status;
      known.version = order.version;
    }
  }

  async #customerStep(customer: Participant): Promise<void> {
    const roll = this.#next();
    if (roll < 0.45) return this.#placeOrder(customer);
    if (roll < 0.65) {
      // Mostly orders still CREATED as far as this customer knows; now and then any of theirs (409).
      const any = this.#next() < 0.1;
      const order = this.#claim((o) => o.customerId === customer.id && (any || o.status === 'CREATED'));
      if (order === undefined) return;
      try {
        await this.#move(customer, order, 'CANCELLED', null, false);
      } finally {
        this.#busy.delete(order.id);
      }
      return;
    }
    if (roll < 0.85) {
      const own = [...this.#orders.values()].filter((o) => o.customerId === customer.id);
      const order = this.#pick(own);
      if (order !== undefined) await this.#read(customer, order.id);
      return;
    }
    await this.#walk(customer, this.#next() < 0.5 ? null : ['CREATED', 'CANCELLED'], 5, true);
  }

  async #placeOrder(customer: Participant): Promise<void> {
    const key = `${customer.label}-order-${this.#history.records.length}-${Math.floor(this.#next() * 1e9)}`;
    const body = {
      items: [
        {
          menuItemId: this.#pick(this.#options.menuItemIds) as string,
          quantity: 1 + Math.floor(this.#next() * 3),
        },
      ],
    };
    const op: Operation = { kind: 'create', key, body: JSON.stringify(body) };
    const request = { method: 'POST', path: '/orders', body, headers: { 'idempotency-key': key } };
    let decided: RequestRecord;
    if (this.#next() < 0.15) {
      // A double click: the same create to both instances at once (one order, by the unique index).
      this.stats.doubleSends += 1;
      const both = await Promise.all([
        this.#untilDecided(customer, op, request, 0),
        this.#untilDecided(customer, op, request, 1),
      ]);
      for (const record of both) this.#learn(record);
      decided = both[0];
    } else {
      decided = await this.#untilDecided(customer, op, request);
      this.#learn(decided);
    }
    if (decided.outcome.kind === 'answered' && decided.outcome.status === 201 && this.#next() < 0.1) {
      // The key again with another body: refused (422), and it writes nothing.
      this.stats.keyReuses += 1;
      const other = { items: [{ ...body.items[0], quantity: 9 }] };
      await this.#untilDecided(
        customer,
        { kind: 'create', key, body: JSON.stringify(other) },
        { ...request, body: other },
      );
    }
  }

  async #kitchenStep(kitchen: Participant): Promise<void> {
    const roll = this.#next();
    if (roll < 0.6) return this.#advance(kitchen);
    if (roll < 0.8) {
      await this.#walk(kitchen, ['CREATED', 'CONFIRMED'], 10, false);
      return;
    }
    const order = this.#pick([...this.#orders.values()]);
    if (order !== undefined) await this.#read(kitchen, order.id);
  }

  async #adminStep(admin: Participant): Promise<void> {
    const roll = this.#next();
    if (roll < 0.35) {
      const order = this.#claim((o) => o.status !== 'CANCELLED');
      if (order === undefined) return;
      try {
        const current = await this.#read(admin, order.id);
        if (current === null || current.status === 'CANCELLED') return;
        const targets = STATUSES.filter(
          (status) => status !== current.status && NEXT[current.status] !== status,
        );
        const to = this.#pick(targets) as Status;
        const key = await this.#move(admin, current, to, 'chaos override', this.#next() < 0.5);
        if (key !== null && this.#next() < 0.2) {
          // The same key for another request: refused (422), nothing written.
          this.stats.keyReuses += 1;
          const other = STATUSES.find((status) => status !== to && status !== current.status) as Status;
          await this.#untilDecided(
            admin,
            {
              kind: 'transition',
              orderId: order.id,
              to: other,
              reason: 'chaos override',
              key,
              ifMatch: null,
            },
            {
              method: 'PATCH',
              path: `/orders/${order.id}/status`,
              body: { status: other, reason: 'chaos override' },
              headers: { 'idempotency-key': key },
            },
          );
        }
      } finally {
        this.#busy.delete(order.id);
      }
      return;
    }
    if (roll < 0.65) {
      await this.#walk(admin, null, 10, false);
      return;
    }
    await this.#advance(admin);
  }

  /** The next step of an order's lifecycle, read first; now and then one the state machine refuses. */
  async #advance(staff: Participant): Promise<void> {
    const order = this.#claim(
      (o) => (o.status !== 'READY' && o.status !== 'CANCELLED') || this.#next() < 0.05,
    );
    if (order === undefined) return;
    try {
      const current = await this.#read(staff, order.id);
      if (current === null) return;
      const next = NEXT[current.status];
      const to: Status =
        next === undefined
          ? 'CONFIRMED'
          : current.status === 'CREATED' && this.#next() < 0.1
            ? 'CANCELLED'
            : next;
      if (current.version > 1 && this.#next() < 0.05) {
        // A writer that read an older version: If-Match refuses it (412), nothing written.
        await this.#move(staff, { ...current, version: current.version - 1 }, to, null, true);
      } else {
        await this.#move(staff, current, to, null, this.#next() < 0.5);
      }
    } finally {
      this.#busy.delete(order.id);
    }
  }

  /** A keyed transition, sent until decided; returns its key. */
  async #move(
    who: Participant,
    order: Known,
    to: Status,
    reason: string | null,
    ifMatch: boolean,
    instance?: number,
  ): Promise<string> {
    const key = `${who.label}-${order.id.slice(-12)}-v${order.version}-${to}`;
    const op: Operation = {
      kind: 'transition',
      orderId: order.id,
      to,
      reason,
      key,
      ifMatch: ifMatch ? order.version : null,
    };
    const record = await this.#untilDecided(
      who,
      op,
      {
        method: 'PATCH',
        path: `/orders/${order.id}/status`,
        body: reason === null ? { status: to } : { status: to, reason },
        headers: { 'idempotency-key': key, ...(ifMatch && { 'if-match': `"v${order.version}"` }) },
      },
      instance,
    );
    this.#learn(record);
    return key;
  }

  async #read(who: Participant, id: string): Promise<Known | null> {
    const record = await this.#send(
      who,
      { kind: 'read', orderId: id },
      { method: 'GET', path: `/orders/${id}` },
    );
    this.#learn(record);
    const known = this.#orders.get(id);
    return record.outcome.kind === 'answered' && record.outcome.status === 200 && known !== undefined
      ? known
      : null;
  }

  /** Follows nextCursor for up to four pages, on one instance or alternating. */
  async #walk(
    who: Participant,
    statuses: readonly Status[] | null,
    limit: number,
    ownOnly: boolean,
  ): Promise<void> {
    this.#walks += 1;
    const walk = `${who.label}-walk-${this.#walks}`;
    let cursor: string | null = null;
    for (let page = 0; page < 4; page += 1) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (statuses !== null) query.set('status', statuses.join(','));
      if (cursor !== null) query.set('cursor', cursor);
      const record = await this.#send(
        who,
        { kind: 'page', walk, page, statuses, ownOnly },
        { method: 'GET', path: `/orders?${query}` },
      );
      const { outcome } = record;
      if (outcome.kind !== 'answered' || outcome.status !== 200) return;
      cursor = outcome.body?.nextCursor ?? null;
      if (cursor === null) return;
    }
  }

  /**
   * Several writers on one fresh order at once, on both instances: two kitchens confirming
   * (one with If-Match), the admin cancelling. Only where the write is atomic: exactly one may
   * win, which the checker sees as a valid path.
   */
  async #race(): Promise<void> {
    const order = this.#claim((o) => o.status === 'CREATED');
    if (order === undefined) return;
    try {
      const { kitchens, admins } = this.#options;
      const racers = [
        { who: kitchens[0], to: 'CONFIRMED', ifMatch: true },
        { who: kitchens[1] ?? kitchens[0], to: 'CONFIRMED', ifMatch: false },
        { who: admins[0], to: 'CANCELLED', ifMatch: false },
      ] as const;
      this.stats.races += 1;
      await Promise.all(
        racers.map(({ who, to, ifMatch }, i) =>
          who === undefined
            ? undefined
            : this.#move(who, { ...order }, to, null, ifMatch, i % this.#cluster.size),
        ),
      );
    } finally {
      this.#busy.delete(order.id);
    }
  }
}
