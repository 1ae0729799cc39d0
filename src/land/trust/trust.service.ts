/**
 * Receipts and signed heads (issue 22): signed on request from what is stored — the bid, its event's hash, the
 * auction's code — never stored themselves. Ed25519 is deterministic, so the same key and the same stored fields
 * give the same bytes: an idempotent retry of placeBid gets the very receipt of the first answer. After a key
 * rotation a retry gets the same claims signed by the new key; the old receipt keeps verifying with the old key.
 */
import { isUuid } from '../../common/ids';
import type { Context } from '../../common/request/context';
import { genesisHash } from '../../common/trust/log-chain';
import { placeholders, read } from '../../db/reads';
import { findAuction } from '../auction/auction.service';
import { signJws } from './trust.keys';
import { AuctionLogHead, HEAD_SIGNED_EVENTS, headClaims, receiptClaims } from './trust.types';
import type { AuctionEventType } from '../auction/auction.types';

interface EventOfBid {
  sequence: number;
  hash: string | null;
  code: string;
}

/** The BID_PLACED event of each bid (one statement for a page of bids). */
function eventOfBid(ctx: Context, bidId: string): Promise<EventOfBid | null> {
  return ctx.loaders
    .get<string, EventOfBid | null>('trust:eventOfBid', async (ids) => {
      const rows = await read.rows(
        ctx,
        `select e.bid_id, e.sequence, e.hash, a.code from auction_event e join auction a on a.id = e.auction_id
          where e.bid_id in (${placeholders(ids.length)})`,
        ids,
      );
      const byBid = new Map(
        rows.map((r) => [
          String(r.bid_id),
          { sequence: Number(r.sequence), hash: (r.hash as string | null) ?? null, code: String(r.code) },
        ]),
      );
      return ids.map((id) => byBid.get(id) ?? null);
    })
    .load(bidId);
}

const auctionCode = (ctx: Context, auctionId: string): Promise<string | null> =>
  ctx.loaders
    .get<string, string | null>('trust:auctionCode', async (ids) => {
      const rows = await read.rows(
        ctx,
        `select id, code from auction where id in (${placeholders(ids.length)})`,
        ids,
      );
      const byId = new Map(rows.map((r) => [String(r.id), String(r.code)]));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(auctionId);

/** The receipt of an accepted bid; null with AUCTION_RECEIPTS=off or when its event was appended unchained. */
export async function receiptOf(
  ctx: Context,
  bid: { id: string; biddingNumber: string; amount: number; sequence: number; placedAt: Date },
): Promise<string | null> {
  if (!ctx.config.receipts.enabled) return null;
  const event = await eventOfBid(ctx, bid.id);
  if (!event?.hash) return null;
  return signJws(
    receiptClaims({
      auction: event.code,
      biddingNumber: bid.biddingNumber,
      amountFen: bid.amount,
      bidSequence: bid.sequence,
      eventSequence: event.sequence,
      eventHash: event.hash,
      acceptedAt: bid.placedAt.toISOString(),
    }),
  );
}

/** auctionLogHead(auctionId): public wherever the auction is (null where it is not). */
export async function auctionLogHead(ctx: Context, auctionId: string): Promise<AuctionLogHead | null> {
  if (!isUuid(auctionId)) return null;
  const auction = await findAuction(ctx, { id: auctionId });
  if (!auction) return null;
  const [last] = await read.rows(
    ctx,
    'select sequence, hash from auction_event where auction_id = ? order by sequence desc limit 1',
    [auctionId],
  );
  const sequence = last ? Number(last.sequence) : 0;
  const hash = last ? ((last.hash as string | null) ?? null) : genesisHash(auction.code);
  return Object.assign(new AuctionLogHead(), {
    auctionId,
    code: auction.code,
    sequence,
    hash,
    signature: hash ? signJws(headClaims(auction.code, sequence, hash)) : null,
  });
}

/** The signed head a terminal event carries (AWARDED, FAILED, TERMINATED, CONFIRMED); null on the others. */
export async function signedHeadOf(
  ctx: Context,
  event: { auction: { id: string }; sequence: number; type: AuctionEventType; hash: string | null },
): Promise<string | null> {
  if (!HEAD_SIGNED_EVENTS.has(event.type) || !event.hash) return null;
  const code = await auctionCode(ctx, event.auction.id);
  return code ? signJws(headClaims(code, event.sequence, event.hash)) : null;
}
