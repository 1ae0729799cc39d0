/**
 * The auction event log's hash chain (issue 22): what is hashed, byte for byte. It lives down here because
 * the database layer computes it (SQLite's trigger calls these functions; PostgreSQL's trigger is the same
 * form in SQL, migration Migration20261206104212_auction_log_chain) and the verifiers recompute it.
 *
 * Canonical form v1 of an event: eleven fields in this order
 *
 *   1 sequence          decimal integer (1, 2, 3 …)
 *   2 type              AuctionEventType, e.g. BID_PLACED
 *   3 occurredAt        UTC ISO 8601 with milliseconds, 2026-12-06T10:00:00.000Z
 *   4 status            the auction's status after the event
 *   5 currentPrice      integer fen (分), or null
 *   6 phaseEndsAt       time as in 3, or null
 *   7 reason            text, or null
 *   8 bid.sequence      decimal integer, or null (set for BID_PLACED)
 *   9 bid.amount        integer fen, or null
 *  10 bid.placedAt      time as in 3, or null
 *  11 bid.biddingNumber text, or null
 *
 * each written as `<n>:<text>,` where n is the decimal count of the text's UTF-8 bytes (a netstring), or as
 * `~` when null; the fields are concatenated with nothing between them and the whole is UTF-8. The length
 * prefix makes the form unambiguous whatever a reason contains, and `~` never starts a length.
 *
 *   hash(n)         = SHA-256( previousHash(n) as 32 bytes ‖ canonical(n) )   written as 64 lowercase hex digits
 *   previousHash(1) = genesis = SHA-256( UTF-8 of "auction-log/v1:" followed by the auction's code )
 *   previousHash(n) = hash(n − 1)
 */
import { createHash } from 'node:crypto';

export const LOG_CHAIN_VERSION = 'auction-log/v1';

/** One event as the chain sees it; amounts in fen, times as Date (or ms since the epoch, as SQLite holds them). */
export interface ChainedEvent {
  sequence: number;
  type: string;
  occurredAt: Date | number;
  status: string;
  currentPrice: number | null;
  phaseEndsAt: Date | number | null;
  reason: string | null;
  bid: {
    sequence: number;
    amount: number;
    placedAt: Date | number;
    biddingNumber: string;
  } | null;
}

const utf8 = new TextEncoder();

const time = (t: Date | number | null): string | null =>
  t === null ? null : (typeof t === 'number' ? new Date(t) : t).toISOString();

const integer = (n: number | null): string | null => {
  if (n === null) return null;
  if (!Number.isSafeInteger(n)) throw new TypeError(`not an integer: ${n}`);
  return String(n);
};

function field(text: string | null): string {
  return text === null ? '~' : `${utf8.encode(text).length}:${text},`;
}

/** The canonical text of an event (hash it as UTF-8). */
export function canonicalEvent(e: ChainedEvent): string {
  return [
    integer(e.sequence),
    e.type,
    time(e.occurredAt),
    e.status,
    integer(e.currentPrice),
    time(e.phaseEndsAt),
    e.reason,
    e.bid ? integer(e.bid.sequence) : null,
    e.bid ? integer(e.bid.amount) : null,
    e.bid ? time(e.bid.placedAt) : null,
    e.bid ? e.bid.biddingNumber : null,
  ]
    .map(field)
    .join('');
}

/** The value the first event of an auction is chained from. */
export function genesisHash(auctionCode: string): string {
  return createHash('sha256').update(`${LOG_CHAIN_VERSION}:${auctionCode}`, 'utf8').digest('hex');
}

/** hash(n) from hash(n − 1) (or the genesis) and the event. */
export function chainHash(previousHash: string, event: ChainedEvent): string {
  if (!/^[0-9a-f]{64}$/.test(previousHash))
    throw new TypeError('previousHash must be 64 lowercase hex digits');
  return createHash('sha256')
    .update(Buffer.from(previousHash, 'hex'))
    .update(canonicalEvent(event), 'utf8')
    .digest('hex');
}

/** What a chain check finds: every link good, or the first sequence whose link does not hold, and why. */
export type ChainCheck =
  | { ok: true; count: number; head: { sequence: number; hash: string } | null }
  | { ok: false; sequence: number; reason: string };

/** Recomputes the chain of an auction's events (oldest first, as the public log serves them). */
export function checkChain(
  auctionCode: string,
  events: readonly (ChainedEvent & { hash: string | null; previousHash: string | null })[],
): ChainCheck {
  let previous = genesisHash(auctionCode);
  let expected = 1;
  for (const e of events) {
    if (e.sequence !== expected)
      return { ok: false, sequence: expected, reason: `event ${expected} is missing (found ${e.sequence})` };
    if (e.previousHash !== previous)
      return { ok: false, sequence: e.sequence, reason: 'previousHash is not the hash of the event before' };
    const hash = chainHash(previous, e);
    if (e.hash !== hash)
      return { ok: false, sequence: e.sequence, reason: 'hash does not match the event as served' };
    previous = hash;
    expected++;
  }
  const last = events[events.length - 1];
  return { ok: true, count: events.length, head: last ? { sequence: last.sequence, hash: previous } : null };
}

/**
 * The functions SQLite's trigger calls (registered on every connection by src/db/orm.ts). `enabled = false`
 * (AUCTION_RECEIPTS=off, a benchmark's comparison) leaves new events unchained.
 */
export function registerLogChainFunctions(
  db: {
    function(name: string, options: { deterministic: boolean }, fn: (...args: never[]) => unknown): unknown;
  },
  enabled: boolean,
): void {
  db.function('auction_log_enabled', { deterministic: true }, () => (enabled ? 1 : 0));
  db.function('auction_log_genesis', { deterministic: true }, (code: string) => genesisHash(code));
  db.function(
    'auction_log_hash',
    { deterministic: true },
    (
      previousHash: string | null,
      sequence: number,
      type: string,
      occurredAt: number,
      status: string,
      currentPrice: number | null,
      phaseEndsAt: number | null,
      reason: string | null,
      bidSequence: number | null,
      bidAmount: number | null,
      bidPlacedAt: number | null,
      biddingNumber: string | null,
    ) =>
      previousHash === null
        ? null
        : chainHash(previousHash, {
            sequence: Number(sequence),
            type,
            occurredAt: Number(occurredAt),
            status,
            currentPrice: currentPrice === null ? null : Number(currentPrice),
            phaseEndsAt: phaseEndsAt === null ? null : Number(phaseEndsAt),
            reason,
            bid:
              bidSequence === null
                ? null
                : {
                    sequence: Number(bidSequence),
                    amount: Number(bidAmount),
                    placedAt: Number(bidPlacedAt),
                    biddingNumber: biddingNumber ?? '',
                  },
          }),
  );
}
