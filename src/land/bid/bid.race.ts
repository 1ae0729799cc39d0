/**
 * The race path of placeBid: the decision at the database's speed, exactly the answer of the locked path
 * (bid.service.ts → withAuction) — which stays, and decides everything this path does not.
 *
 * 0. View (bid.view.ts): on an instance that runs alone (no Redis), what earlier snapshots read is kept per
 *    auction and bidder and used instead of a new snapshot while no write of this process that could change it
 *    has begun since it was read (every such write is marked while it runs); that module says why the database
 *    then holds exactly what the view holds, so step 2 judges on it as it would on a snapshot taken now. A key the
 *    bidder may have used, or anything not known or stale, takes step 1. Most losers of a race end here, with no
 *    statement; an acceptance still goes through step 3 (which re-checks under the lock).
 * 1. Snapshot (bid.sql.ts): the auction's trading state, the bidder's live application, whether it quoted during
 *    quoting, a bid already placed under the key — read without the lock, as one snapshot of committed data
 *    (PostgreSQL: one statement, shared by the bidders of the auction who ask at the same time — SnapshotBatch;
 *    SQLite: the one connection, held while the statements run back to back). The
 *    clock is read after it, so the clock's time is not earlier than the snapshot.
 * 2. Answers from the snapshot, each true because the locked path, run at the snapshot's instant, would give it:
 *    - a clock step due at `now` (so also at the snapshot), a missing or hidden auction → the locked path decides
 *      (it catches the auction up first; these are rare);
 *    - a bid under the key → the first bid (or CONFLICT): bids are never changed or deleted, so what the snapshot
 *      saw is what the locked path would find;
 *    - a refusal by judgeBid (bid.rules.ts) → that refusal: the locked path, with no clock step due, calls the
 *      same judgeBid on the same state and standing (DOMAIN.md §1.4's order, nextMinimumBid from that price).
 *      The instant lies within the request, so the answer is one the auction really gave at a moment of it.
 * 3. A bid the snapshot accepts is decided inside the lock, in one round trip (PostgreSQL: place_bid(), which
 *    re-checks under the lock what may have changed since the snapshot — the status (and with it a suspension,
 *    a resume, a termination or a round's end), the application's QUALIFIED standing, the key, the leader, the
 *    price — and answers ALREADY_LEADING / BID_TOO_LOW or inserts the bid, the BID_PLACED event with the round
 *    restarted, the auction's new state and the audit entry; anything else goes to the locked path). The ladder
 *    (starting price, increment) never changes, and whether an application quoted during quoting cannot change
 *    while the status stays TIMED_BIDDING. SQLite: the same writes in one transaction on the held connection.
 * 4. Per auction, one instance sends one acceptance at a time into the database (`Gate`): the others wait in
 *    memory instead of on the row lock, and a bid whose snapshot was taken before a commit of this instance
 *    leaves the gate when its turn comes and is judged again on a fresh snapshot (all such at once) — most of a
 *    race's losers are then answered by step 2, without the lock.
 * 5. After the commit: the event is published on the next turn of the event loop, so the bidder's own answer is
 *    written before the local fan-out starts; the audit entry committed with the bid (never lost, written once).
 */
import { DomainError } from '../../common/errors';
import { isUuid, newId } from '../../common/ids';
import { auditEntryToWrite, auditRecorded } from '../../common/request/audit-log';
import type { Context } from '../../common/request/context';
import { dialectOf } from '../../db/orm';
import { ApplicationStatus } from '../application/application.types';
import { dueStep } from '../auction/auction.rules';
import { AUCTION_EVENT_TOPIC, type AuctionEventMessage } from '../auction/auction.service';
import { Auction } from '../auction/auction.entity';
import { canSeeAuction } from '../land.policy';
import { Bid } from './bid.entity';
import { judgeBid, replayOf } from './bid.rules';
import {
  onSqlite,
  pgAccept,
  pgSnapshot,
  pgSnapshots,
  sqliteAccept,
  sqliteSnapshot,
  type Accepted,
  type Acceptance,
  type Snapshot,
} from './bid.sql';
import type { PlaceBidInput } from './bid.types';
import { beginAcceptance, remember, viewCounts, viewSnapshot, viewUsable, wantsKeys } from './bid.view';
import { WriteTracker } from '../auction/auction.writes';

/** What the race path hands back: a bid to answer with, or the locked path's turn. */
export type RaceOutcome =
  | { kind: 'placed'; bid: Bid }
  | { kind: 'replay'; bidId: string }
  | { kind: 'locked' };

type Judged =
  | { kind: 'locked' }
  | { kind: 'replay'; bidId: string }
  | { kind: 'accept'; acceptance: Omit<Acceptance, 'now' | 'audit'> };

/** Step 2: the answer the snapshot allows (a refusal is thrown). */
function judge(
  s: Snapshot,
  ctx: Context,
  input: PlaceBidInput,
  bidderId: string,
  key: string,
  now: Date,
): Judged {
  const auction = s.auction;
  if (!auction || !canSeeAuction(ctx.viewer, auction) || dueStep(auction, now)) return { kind: 'locked' };
  if (s.keyBid) return { kind: 'replay', bidId: replayOf(s.keyBid, input.auctionId, input.amount).id };
  const application = s.application;
  judgeBid(auction, { application, quotedDuringQuoting: s.quotedDuringQuoting }, input.amount);
  // judgeBid passed: the application is QUALIFIED
  return {
    kind: 'accept',
    acceptance: {
      auctionId: input.auctionId,
      bidderId,
      applicationId: application!.id,
      biddingNumber: application!.biddingNumber,
      key,
      amount: input.amount,
      status: auction.status,
      bidId: newId(),
      eventId: newId(),
    },
  };
}

/** The refusal the locked path gives for the state the lock found (the same judgeBid, so the same words). */
function refusal(
  s: Snapshot,
  accepted: Extract<Accepted, { currentPrice: unknown }>,
  amount: number,
): DomainError {
  try {
    judgeBid(
      { ...s.auction!, ...accepted },
      {
        application: { id: s.application!.id, status: ApplicationStatus.QUALIFIED },
        quotedDuringQuoting: s.quotedDuringQuoting,
      },
      amount,
    );
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`place_bid refused with ${accepted.outcome} a bid the rules accept`);
}

/** Step 4: one acceptance per auction at a time from this instance; `epoch` counts its commits. */
class Gate {
  epoch = 0;
  /** acceptances queued or running */
  pending = 0;
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(fn).finally(() => this.pending--);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Settles once every acceptance queued so far has. */
  idle(): Promise<void> {
    return this.tail;
  }
}

const gates = new WeakMap<object, Map<string, Gate>>();

/**
 * Step 1 on PostgreSQL, shared: per auction, one snapshot statement in flight at a time from this instance; the
 * bidders who ask while it runs share the next one (one statement, so one snapshot of committed data for all of
 * them, read after each of them asked — an instant within each request, as a snapshot of its own would be).
 * In a race nearly every bidder asks at once, and one round trip instead of one each is most of the difference.
 */
class SnapshotBatch {
  private inFlight = false;
  private asks: {
    bidderId: string;
    key: string;
    wantKeys: boolean;
    settle: (s: Snapshot | Error) => void;
  }[] = [];

  constructor(
    private readonly orm: Context['orm'],
    private readonly auctionId: string,
    /** keep what is read in the view (bid.view.ts) */
    private readonly viewed: boolean,
  ) {}

  take(bidderId: string, key: string): Promise<Snapshot> {
    return new Promise((resolve, reject) => {
      this.asks.push({
        bidderId,
        key,
        wantKeys: this.viewed && wantsKeys(this.orm, bidderId),
        settle: (s) => (s instanceof Error ? reject(s) : resolve(s)),
      });
      if (!this.inFlight) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.inFlight = true;
    while (this.asks.length) {
      const asks = this.asks;
      this.asks = [];
      try {
        // taken before the statement is sent: the view keeps what it reads only if no write began since
        const stamp = WriteTracker.stamp();
        const snapshots = await pgSnapshots(this.orm, this.auctionId, asks);
        if (this.viewed) {
          for (const [i, ask] of asks.entries())
            remember(
              this.orm,
              stamp,
              this.auctionId,
              ask.bidderId,
              snapshots[i],
              snapshots[i].bidderKeys ?? null,
            );
        }
        asks.forEach((ask, i) => ask.settle(snapshots[i]));
      } catch (error) {
        for (const ask of asks) ask.settle(error as Error);
      }
    }
    this.inFlight = false;
  }
}

const batches = new WeakMap<object, Map<string, SnapshotBatch>>();

function snapshotFor(
  ctx: Context,
  auctionId: string,
  bidderId: string,
  key: string,
  viewed: boolean,
): Promise<Snapshot> {
  // the shared statement types bidder ids as uuid[]: anything else asks alone, as before
  if (!isUuid(bidderId)) return pgSnapshot(ctx.orm, auctionId, bidderId, key);
  let byAuction = batches.get(ctx.orm);
  if (!byAuction) batches.set(ctx.orm, (byAuction = new Map()));
  let batch = byAuction.get(auctionId);
  if (!batch) {
    if (byAuction.size > 1000) byAuction.clear();
    byAuction.set(auctionId, (batch = new SnapshotBatch(ctx.orm, auctionId, viewed)));
  }
  return batch.take(bidderId, key);
}

function gateOf(ctx: Context, auctionId: string): Gate {
  let byAuction = gates.get(ctx.orm);
  if (!byAuction) gates.set(ctx.orm, (byAuction = new Map()));
  let gate = byAuction.get(auctionId);
  if (!gate) {
    // a busy instance sees few auctions race at once; forget the quiet ones now and then
    if (byAuction.size > 1000) byAuction.clear();
    byAuction.set(auctionId, (gate = new Gate()));
  }
  return gate;
}

/** The property test runs the same commands through both paths: `enabled = false` sends every bid to the locked one. */
export const racePath = { enabled: true };

/** Runs the race path; `{ kind: 'locked' }` hands the bid to the locked path untouched. */
export async function raceBid(
  ctx: Context,
  input: PlaceBidInput,
  bidderId: string,
  key: string,
): Promise<RaceOutcome> {
  if (!racePath.enabled) return { kind: 'locked' };
  const viewed = viewUsable(ctx.config.redisUrl);
  if (dialectOf(ctx.orm.em) === 'sqlite') return raceOnSqlite(ctx, input, bidderId, key, viewed);
  const gate = gateOf(ctx, input.auctionId);
  let waited = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const epoch = gate.epoch;
    // step 0: the view of committed state, where it is known to be current (bid.view.ts); else step 1
    let snapshot = viewed ? viewSnapshot(ctx.orm, input.auctionId, bidderId, key) : null;
    if (!snapshot && viewed && !waited && gate.pending > 0) {
      // an acceptance of this instance is in flight (the view is stale while it runs, and moved on by it once
      // it committed): wait for it rather than read the database
      waited = true;
      await gate.idle();
      continue;
    }
    if (!snapshot) {
      viewCounts.read++;
      snapshot = await snapshotFor(ctx, input.auctionId, bidderId, key, viewed);
    }
    const judged = judge(snapshot, ctx, input, bidderId, key, ctx.clock.now());
    if (judged.kind !== 'accept') return judged;
    const accepted = await gate.run(async () => {
      // this instance committed a bid since the snapshot: let the next one in, and judge again on a fresh snapshot
      // (taken by all who waited at once, not one after another behind the gate)
      if (gate.epoch !== epoch) return null;
      const done = beginAcceptance(ctx.orm, judged.acceptance);
      let result: Accepted | null = null;
      try {
        result = await pgAccept(ctx.orm, {
          ...judged.acceptance,
          now: ctx.clock.now(),
          audit: auditRow(),
        });
      } finally {
        done(result);
      }
      if (result.outcome === 'OK') gate.epoch++;
      return result;
    });
    if (accepted) return settle(ctx, snapshot, judged, accepted, input.amount);
  }
  // every round lost to a newer commit of this instance while its amount stayed high enough: rare, and exact there
  return { kind: 'locked' };
}

/** Fresh snapshots a bid may take while this instance keeps committing higher ones before it. */
const MAX_ROUNDS = 20;

async function raceOnSqlite(
  ctx: Context,
  input: PlaceBidInput,
  bidderId: string,
  key: string,
  viewed: boolean,
): Promise<RaceOutcome> {
  // step 0: a refusal (or a clock step due) the current view decides needs no connection; an acceptance is
  // judged again below on the held connection
  const view = viewed ? viewSnapshot(ctx.orm, input.auctionId, bidderId, key) : null;
  if (view) {
    const early = judge(view, ctx, input, bidderId, key, ctx.clock.now());
    if (early.kind !== 'accept') return early;
  }
  let snapshot: Snapshot | undefined;
  let judged: Judged | undefined;
  const result = await onSqlite(ctx.orm, (db) => {
    const stamp = WriteTracker.stamp();
    snapshot = sqliteSnapshot(db, input.auctionId, bidderId, key, viewed && wantsKeys(ctx.orm, bidderId));
    if (viewed) remember(ctx.orm, stamp, input.auctionId, bidderId, snapshot, snapshot.bidderKeys ?? null);
    judged = judge(snapshot, ctx, input, bidderId, key, ctx.clock.now());
    if (judged.kind !== 'accept') return judged;
    // read once the connection is held, so acceptance order and time order agree; marked as an acceptance (the
    // view is stale after it)
    const done = beginAcceptance(ctx.orm, judged.acceptance);
    let accepted: Accepted | null = null;
    try {
      accepted = sqliteAccept(db, { ...judged.acceptance, now: ctx.clock.now(), audit: auditRow() });
      return accepted;
    } finally {
      done(accepted);
    }
  });
  if ('kind' in result) return result;
  return settle(ctx, snapshot!, judged!, result, input.amount);
}

const auditRow = () => {
  const row = auditEntryToWrite();
  return row ? { ...row, id: newId() } : null;
};

function settle(
  ctx: Context,
  snapshot: Snapshot,
  judged: Judged,
  accepted: Accepted,
  amount: number,
): RaceOutcome {
  if (accepted.outcome === 'LOCKED_PATH') return { kind: 'locked' };
  if (accepted.outcome !== 'OK') throw refusal(snapshot, accepted, amount);
  if (judged.kind !== 'accept') throw new Error('a bid was accepted that was not judged acceptable');
  const a = judged.acceptance;
  auditRecorded();
  const message: AuctionEventMessage = { auctionId: a.auctionId, sequence: accepted.eventSequence };
  // the bidder's answer is written in this turn of the event loop; the local fan-out runs in the next
  setImmediate(() => ctx.publisher.publish(AUCTION_EVENT_TOPIC, a.auctionId, message));
  // the operation's earlier reads are stale now
  ctx.em.clear();
  ctx.loaders.clear();
  const bid = Object.assign(new Bid(), {
    id: a.bidId,
    auction: ctx.em.getReference(Auction, a.auctionId),
    sequence: accepted.sequence,
    amount: a.amount,
    phase: accepted.phase,
    placedAt: accepted.placedAt,
    biddingNumber: a.biddingNumber,
    idempotencyKey: a.key,
  });
  return { kind: 'placed', bid };
}
