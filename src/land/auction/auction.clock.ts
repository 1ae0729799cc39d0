/**
 * Reads do not write: each instance keeps the earliest phase end of any clocked auction, so a read sweeps for
 * due transitions (`runDueTransitions`, which writes) only once one may be due. The hint is fed by the event
 * stream: every commit that changed auctions (`publishAll`: bids, operator actions, the scheduler's and the
 * reads' own transitions, on any instance) publishes one message on a channel every instance listens to, and
 * an instance that hears it (or whose transport reconnected, when messages may have been lost) reads the
 * earliest phase end again before trusting it. Until the listener is in place the hint is never trusted, and it
 * is re-read at least once per HINT_TTL_MS of clock time (one indexed statement), which bounds what a lost
 * message could cost. The state a read shows is still the clock's: a read at or after the earliest phase end
 * sweeps, exactly as before.
 */
import type { EntityManager } from '@mikro-orm/core';
import { channelOf, type Publisher } from '../../common/pubsub';
import { placeholders, read } from '../../db/reads';
import { CLOCKED_STATUSES } from './auction.rules';

/** the topic of "auctions changed, read the earliest phase end again" */
export const DEADLINES_TOPIC = 'LAND_DEADLINES';
const DEADLINES_ID = 'changed';
/** how long (clock time) a hint is trusted without news */
export const HINT_TTL_MS = 1000;

interface Hint {
  /** the earliest phase end of a clocked auction (ms; +Infinity when none) */
  nextDue: number;
  /** clock time the hint was read at */
  readAt: number;
  /** bumped by every message: a read that started before one must not store its answer */
  generation: number;
  /** the listener is in place: messages published from now on reach the hint */
  listening: boolean;
  /** settles once the listener is in place (or could not be) */
  ready: Promise<void>;
  /** a read has waited for the listener already */
  waited: boolean;
}

/** how long (real time) a read waits for the listener to be in place before checking without it */
const LISTEN_WAIT_MS = 100;

const hints = new WeakMap<Publisher, Hint>();

/** the next read reads the earliest phase end again */
function forget(hint: Hint): void {
  hint.generation++;
  hint.readAt = -Infinity;
}

function hintOf(publisher: Publisher): Hint {
  const hint = hints.get(publisher);
  if (hint) return hint;
  const created: Hint = {
    nextDue: -Infinity,
    readAt: -Infinity,
    generation: 0,
    listening: false,
    ready: Promise.resolve(),
    waited: false,
  };
  hints.set(publisher, created);
  publisher.bus.onReconnect(() => forget(created));
  created.ready = publisher.bus
    .listen(channelOf(DEADLINES_TOPIC, DEADLINES_ID), () => forget(created))
    .then(
      () => {
        created.listening = true;
      },
      () => undefined, // no listener: the hint is never trusted and every read checks, as before
    );
  return created;
}

/** After a commit that changed auctions: every instance reads the earliest phase end again. */
export function noteAuctionsChanged(publisher: Publisher): void {
  const hint = hints.get(publisher);
  if (hint) forget(hint);
  publisher.publish(DEADLINES_TOPIC, DEADLINES_ID, null);
}

const millis = (value: unknown): number => {
  if (value == null) return Infinity;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
};

/** the hint may be trusted at `now`: read after the listener was in place, at or before `now`, within its TTL */
const trusted = (hint: Hint, now: number): boolean =>
  hint.listening && now >= hint.readAt && now - hint.readAt < HINT_TTL_MS;

/**
 * true when the kept earliest phase end says that no phase has ended at `now`: what `transitionMayBeDue` would
 * answer false without a statement, known synchronously.
 */
export function knownNotDue(publisher: Publisher, now: number): boolean {
  const hint = hints.get(publisher);
  return hint !== undefined && trusted(hint, now) && hint.nextDue > now;
}

/** true when a clocked auction's phase may have ended at `now`: the read must sweep first. */
export async function transitionMayBeDue(
  em: EntityManager,
  publisher: Publisher,
  now: number,
): Promise<boolean> {
  const hint = hintOf(publisher);
  if (!hint.listening && !hint.waited) {
    // only a hint read after the listener is in place may be trusted; wait for it once (a transport that does
    // not answer must not slow every read: until it does, reads check each time, as before)
    hint.waited = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([hint.ready, new Promise((resolve) => (timer = setTimeout(resolve, LISTEN_WAIT_MS)))]);
    clearTimeout(timer);
  }
  if (trusted(hint, now)) return hint.nextDue <= now;
  const generation = hint.generation;
  const listening = hint.listening;
  const statuses = [...CLOCKED_STATUSES];
  const [row] = await read.rows(
    { em },
    `select min("phase_ends_at") as next_due from "auction" where "status" in (${placeholders(statuses.length)})`,
    statuses,
  );
  const nextDue = millis(row?.next_due);
  if (listening && hint.generation === generation) {
    hint.nextDue = nextDue;
    hint.readAt = now;
  }
  return nextDue <= now;
}
