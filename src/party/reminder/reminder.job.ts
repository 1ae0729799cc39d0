/**
 * The daily 督促 job. Each instance wakes every minute; the first to insert the day's reminder_run row runs that
 * day's sweep, the others find the row and skip — exactly once a day across instances, because the claim is the
 * database's unique key, as the auction scheduler's transitions are its rows. A crash mid-sweep leaves the day
 * claimed; the next day's sweep opens and closes whatever is then due (reminders are a state, not a log).
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Clock } from '../../common/clock';
import type { Worker, WorkerContext } from '../../common/module';
import type { Publisher } from '../../common/pubsub';
import { shanghaiDate } from '../../common/time';
import type { Config } from '../../config';
import { dutyCatalog } from '../duty/duty.catalog';
import { factsOf } from '../duty/duty.service';
import { lastMetProperty, MobilityRecord } from '../mobility/mobility.entity';
import { MobilityStatus } from '../mobility/mobility.types';
import { Reminder, ReminderRun } from './reminder.entity';
import { wantedReminders, type WantedReminder } from './reminder.rules';
import { ReminderStatus } from './reminder.types';

export const REMINDER_TOPIC = 'PARTY_REMINDER';
/** what subscribers get: enough to decide who may see it without a read */
export interface ReminderOpened {
  id: string;
  holderPath: string;
}

export interface ReminderDeps {
  fork(): EntityManager;
  clock: Clock;
  config: Config;
  /** absent while seeding: nobody listens yet */
  publisher?: Publisher;
}

const BATCH = 500;
const CHECK_EVERY_MS = 60_000;

export interface SweepResult {
  /** false: another run had claimed the day */
  ran: boolean;
  opened: number;
  closed: number;
}

/** Opens and closes the day's reminders, once per day across instances. */
export async function runReminderSweep(
  deps: ReminderDeps,
  day: string = shanghaiDate(deps.clock.now()),
): Promise<SweepResult> {
  const em = deps.fork();
  em.create(ReminderRun, { day, startedAt: deps.clock.now(), opened: 0, closed: 0 });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return { ran: false, opened: 0, closed: 0 };
    throw error;
  }
  const catalog = dutyCatalog(deps.config.dutyDays);
  const days = deps.config.reminders;
  const fresh: ReminderOpened[] = [];
  let closed = 0;
  let after: string | null = null;
  for (;;) {
    const batch: MobilityRecord[] = await em.find(
      MobilityRecord,
      after === null ? { activeKey: { $ne: null } } : { activeKey: { $ne: null }, id: { $gt: after } },
      { orderBy: { id: 'asc' }, limit: BATCH },
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    const open = await em.find(Reminder, {
      mobilityRecord: { $in: batch.map((r) => r.id) },
      status: ReminderStatus.OPEN,
    });
    const openKeys = new Set(open.map((r) => r.openKey));
    const wanted = new Map<string, { record: MobilityRecord; want: WantedReminder }>();
    for (const record of batch) {
      const facts = {
        ...factsOf(record),
        id: record.id,
        reported: record.status === MobilityStatus.REPORTED,
        lastMet: (code: string) => (record[lastMetProperty(code)] as string | null | undefined) ?? null,
      };
      for (const want of wantedReminders(catalog, facts, day, days)) wanted.set(want.key, { record, want });
    }
    for (const [key, { record, want }] of wanted) {
      if (openKeys.has(key)) continue;
      const inflow = want.holder === 'INFLOW';
      const reminder = em.create(Reminder, {
        openKey: key,
        kind: want.kind,
        dutyCode: want.dutyCode,
        mobilityRecord: record.id as never,
        organization: (inflow ? record.inflowOrganization!.id : record.outflowOrganization.id) as never,
        holderPath: inflow ? record.inflowPath! : record.outflowPath,
        dueOn: want.dueOn,
        status: ReminderStatus.OPEN,
        openedOn: day,
      });
      fresh.push({ id: reminder.id, holderPath: reminder.holderPath });
    }
    for (const reminder of open) {
      if (wanted.has(reminder.openKey!)) continue;
      close(reminder, day);
      closed++;
    }
    await em.flush();
    em.clear();
  }
  // reminders of records that have ended since
  const ended = await em.find(Reminder, { status: ReminderStatus.OPEN, mobilityRecord: { activeKey: null } });
  for (const reminder of ended) close(reminder, day);
  closed += ended.length;
  const claimed = await em.findOneOrFail(ReminderRun, { day });
  Object.assign(claimed, { finishedAt: deps.clock.now(), opened: fresh.length, closed });
  await em.flush();
  for (const payload of fresh) deps.publisher?.publish(REMINDER_TOPIC, 'opened', payload);
  return { ran: true, opened: fresh.length, closed };
}

function close(reminder: Reminder, day: string): void {
  reminder.status = ReminderStatus.CLOSED;
  reminder.closedOn = day;
  reminder.openKey = null;
}

export class ReminderJob implements Worker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private doneDay: string | null = null;

  constructor(
    private readonly deps: ReminderDeps,
    private readonly log: (message: string) => void,
  ) {}

  start(): this {
    this.schedule(5_000);
    return this;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const day = shanghaiDate(this.deps.clock.now());
      const work =
        day === this.doneDay
          ? Promise.resolve()
          : runReminderSweep(this.deps, day).then((result) => {
              this.doneDay = day;
              if (result.ran) this.log(`reminders ${day}: ${result.opened} opened, ${result.closed} closed`);
            });
      this.running = work.then(
        () => this.schedule(CHECK_EVERY_MS),
        (error) => {
          this.log(`reminder job: ${error instanceof Error ? error.message : String(error)}`);
          this.schedule(CHECK_EVERY_MS);
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

export function startReminderJob(ctx: WorkerContext): Worker[] {
  if (!ctx.config.reminders.job) return [];
  return [new ReminderJob(ctx, ctx.log).start()];
}
