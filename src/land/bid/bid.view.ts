/**
 * The bid path's view of committed state, kept in memory so that most bids of a race are decided without a
 * database statement (bid.race.ts step 0). Per database (ORM) and auction it keeps what a snapshot read
 * (bid.sql.ts): the auction's trading state, and per bidder the live application, whether it quoted, and every
 * idempotency key the bidder has used (in any auction).
 *
 * Why an answer from it is the locked path's answer at the moment it is given:
 *
 * - Only one writer: the view is used only when this instance runs without Redis, i.e. alone (README: several
 *   instances need REDIS_URL). With Redis, other instances write, and their events reach this one only after
 *   their commits, so a view could be behind a suspension or a bid: every bid then takes the snapshot path.
 * - Every write of this process that can change a bid's answer is marked while it runs: withAuction (auction
 *   row, clock steps, suspensions, resumes, terminations, applications, deposits, bids on the locked path) in
 *   `lockedWrites`, and the race path's own acceptances in `racedWrites` (by auction and by bidder). A part of the
 *   view is filled from a snapshot only if nothing that could change it was in flight when the snapshot's
 *   statement was sent, and it is used only while nothing has begun or ended since: then what the database
 *   holds now is what that snapshot read — the answer judged on it (the same `judge` and judgeBid, DOMAIN.md
 *   §1.4's order, nextMinimumBid from that price) is the locked path's answer now, at a moment of the request.
 *   - the auction's state: stale once a withAuction of that auction or an acceptance in it began;
 *   - a bidder's application and whether it quoted: stale once a withAuction of that auction began
 *     (applications change only there; whether one quoted changes only by a bid during quoting, in that
 *     auction, also marked: acceptances mark the auction);
 *   - a bidder's keys: stale once any withAuction began (a locked-path bid in any auction may use a key) or an
 *     acceptance of that bidder began. A key found among them, or a bidder whose keys are not known, goes to the
 *     snapshot path, which answers the retry with its first bid (or CONFLICT).
 * - The clock: the view holds phaseEndsAt; a step due at `now` sends the bid to the locked path, as before.
 * Anything missing or stale: the snapshot path, unchanged.
 */
import type { Orm } from '../../db/orm';
import { lockedWrites, WriteTracker } from '../auction/auction.writes';
import type { Fen } from '../../common/money';
import type { Accepted, Snapshot } from './bid.sql';

/** The race path's own acceptances in flight, by `a:<auction>` and `b:<bidder>`. */
export const racedWrites = new WriteTracker();

interface Stamped<T> {
  value: T;
  stamp: number;
}

interface AuctionView {
  auction: Stamped<NonNullable<Snapshot['auction']>> | null;
  standings: Map<string, Stamped<Pick<Snapshot, 'application' | 'quotedDuringQuoting'>>>;
}

interface Views {
  auctions: Map<string, AuctionView>;
  keys: Map<string, Stamped<Set<string>>>;
}

const views = new WeakMap<Orm, Views>();

function viewsOf(orm: Orm): Views {
  let v = views.get(orm);
  if (!v) views.set(orm, (v = { auctions: new Map(), keys: new Map() }));
  return v;
}

const auctionFresh = (auctionId: string, stamp: number) =>
  lockedWrites.unchanged(auctionId, stamp) && racedWrites.unchanged(`a:${auctionId}`, stamp);
// an acceptance changes no application, and whether one quoted is read only in timed bidding, where a bid is a
// timed one (a quote is placed in QUOTING, and the step to TIMED_BIDDING runs in withAuction)
const standingFresh = (auctionId: string, stamp: number) => lockedWrites.unchanged(auctionId, stamp);
const keysFresh = (bidderId: string, stamp: number) =>
  lockedWrites.anyUnchanged(stamp) && racedWrites.unchanged(`b:${bidderId}`, stamp);

/** How often the view answered (for tests and the benchmark's notes). */
export const viewCounts = { used: 0, missed: 0, read: 0 };

/** The snapshot the view gives for this bid now, or null (missing, stale, or the key may have been used). */
export function viewSnapshot(orm: Orm, auctionId: string, bidderId: string, key: string): Snapshot | null {
  const snapshot = fromView(orm, auctionId, bidderId, key);
  if (snapshot) viewCounts.used++;
  else viewCounts.missed++;
  return snapshot;
}

function fromView(orm: Orm, auctionId: string, bidderId: string, key: string): Snapshot | null {
  const v = views.get(orm);
  const a = v?.auctions.get(auctionId);
  if (!v || !a?.auction || !auctionFresh(auctionId, a.auction.stamp)) return null;
  const standing = a.standings.get(bidderId);
  if (!standing || !standingFresh(auctionId, standing.stamp)) return null;
  const keys = v.keys.get(bidderId);
  if (!keys || !keysFresh(bidderId, keys.stamp) || keys.value.has(key)) return null;
  return { auction: a.auction.value, ...standing.value, keyBid: null };
}

/** Whether the view lacks this bidder's keys (the snapshot should then read them). */
export function wantsKeys(orm: Orm, bidderId: string): boolean {
  const keys = views.get(orm)?.keys.get(bidderId);
  return !keys || !keysFresh(bidderId, keys.stamp);
}

/**
 * Keeps what a snapshot read, taken after `stamp` (WriteTracker.stamp() before its statement was sent): each part
 * only if nothing that could change it began or ended since, so it is what the database holds now.
 */
export function remember(
  orm: Orm,
  stamp: number,
  auctionId: string,
  bidderId: string,
  snapshot: Snapshot,
  keys: readonly string[] | null,
): void {
  if (!snapshot.auction) return;
  const v = viewsOf(orm);
  if (keys && keysFresh(bidderId, stamp)) {
    if (v.keys.size > 100_000) v.keys.clear();
    v.keys.set(bidderId, { value: new Set(keys), stamp });
  }
  let a = v.auctions.get(auctionId);
  if (!a) {
    if (v.auctions.size > 1000) v.auctions.clear();
    v.auctions.set(auctionId, (a = { auction: null, standings: new Map() }));
  }
  if (auctionFresh(auctionId, stamp) && (!a.auction || a.auction.stamp < stamp))
    a.auction = { value: snapshot.auction, stamp };
  if (standingFresh(auctionId, stamp)) {
    if (a.standings.size > 10_000) a.standings.clear();
    a.standings.set(bidderId, {
      value: { application: snapshot.application, quotedDuringQuoting: snapshot.quotedDuringQuoting },
      stamp,
    });
  }
}

export interface AcceptanceOf {
  auctionId: string;
  bidderId: string;
  applicationId: string;
  key: string;
  amount: Fen;
}

/**
 * Marks the race path's acceptance of a bid as a write of its auction and of its bidder while it runs (begin,
 * then end with its outcome). An acceptance that committed moves the view on by what it wrote — the price, the
 * leader, the round's end; the bidder's new key — when the view was current as it began and no other write ran
 * beside it: the database then holds the view's state plus this bid (place_bid and sqliteAccept change nothing
 * else a bid is judged on; the status stays), so the losers it beat are answered from memory.
 */
export function beginAcceptance(orm: Orm, a: AcceptanceOf): (accepted: Accepted | null) => void {
  const v = views.get(orm);
  const view = v?.auctions.get(a.auctionId);
  const auction = view?.auction && auctionFresh(a.auctionId, view.auction.stamp) ? view.auction : null;
  const keys = v?.keys.get(a.bidderId);
  const keysBefore = keys && keysFresh(a.bidderId, keys.stamp) ? keys : null;
  const lockedBefore = lockedWrites.count(a.auctionId);
  const anyLockedStamp = WriteTracker.stamp();
  racedWrites.begin(`a:${a.auctionId}`);
  racedWrites.begin(`b:${a.bidderId}`);
  const auctionCount = racedWrites.count(`a:${a.auctionId}`);
  const bidderCount = racedWrites.count(`b:${a.bidderId}`);
  return (accepted) => {
    racedWrites.end(`b:${a.bidderId}`);
    racedWrites.end(`a:${a.auctionId}`);
    if (!v || accepted?.outcome !== 'OK') return;
    const stamp = WriteTracker.stamp();
    // no withAuction of the auction began or ended meanwhile (the stamp also fails if the tracker forgot)
    const alone =
      lockedWrites.count(a.auctionId) === lockedBefore && lockedWrites.unchanged(a.auctionId, anyLockedStamp);
    if (
      view &&
      auction &&
      alone &&
      view.auction === auction &&
      racedWrites.count(`a:${a.auctionId}`) === auctionCount + 1
    ) {
      view.auction = {
        value: {
          ...auction.value,
          currentPrice: a.amount,
          leadingApplicationId: a.applicationId,
          phaseEndsAt: accepted.phaseEndsAt,
        },
        stamp,
      };
    }
    if (
      keysBefore &&
      v.keys.get(a.bidderId) === keysBefore &&
      lockedWrites.anyUnchanged(anyLockedStamp) &&
      racedWrites.count(`b:${a.bidderId}`) === bidderCount + 1
    ) {
      keysBefore.value.add(a.key);
      keysBefore.stamp = stamp;
    }
  };
}

/** Whether the view may be used at all by this instance (alone: no Redis). */
export const viewUsable = (redisUrl: string | undefined): boolean => !redisUrl;
