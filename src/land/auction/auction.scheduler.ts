/**
 * The clock's hand in each server instance: wakes at the next stored deadline (at least once a second, since
 * bids on other instances move deadlines) and applies what is due. Deadlines live in the database, so a restart
 * or a second instance changes nothing: each transition still happens once (auction.service.ts).
 */
import { metrics } from '../../common/telemetry/metrics';
import type { Worker, WorkerContext } from '../../common/module';
import { Auction } from './auction.entity';
import { CLOCKED_STATUSES } from './auction.rules';
import { runDueTransitions, type LandDeps } from './auction.service';

const MAX_SLEEP_MS = 1000;
const MIN_SLEEP_MS = 20;

export class AuctionScheduler implements Worker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: LandDeps,
    private readonly log: (message: string) => void,
  ) {}

  start(): this {
    this.schedule(0);
    return this;
  }

  /** One sweep: applies every due transition, and returns how long to sleep until the next deadline. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    metrics.schedulerTransitions((await runDueTransitions(this.deps, now)).length);
    const next = await this.deps
      .fork()
      .findOne(
        Auction,
        { phaseEndsAt: { $ne: null }, status: { $in: [...CLOCKED_STATUSES] } },
        { fields: ['phaseEndsAt'], orderBy: { phaseEndsAt: 'asc' } },
      );
    if (!next?.phaseEndsAt) return MAX_SLEEP_MS;
    const wait = next.phaseEndsAt.getTime() - this.deps.clock.now().getTime();
    return Math.max(MIN_SLEEP_MS, Math.min(MAX_SLEEP_MS, wait));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().then(
        (sleep) => this.schedule(sleep),
        (error) => {
          this.log(`auction scheduler: ${error instanceof Error ? error.message : String(error)}`);
          this.schedule(MAX_SLEEP_MS);
        },
      );
    }, ms);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

export function startAuctionScheduler(ctx: WorkerContext): AuctionScheduler {
  return new AuctionScheduler(
    { fork: ctx.fork, clock: ctx.clock, publisher: ctx.publisher },
    ctx.log,
  ).start();
}
