/**
 * The bid ladder and who may bid (DOMAIN.md §1.4), pure. When several rules are broken, the first of
 * AUCTION_NOT_OPEN → NOT_QUALIFIED → NOT_IN_TIMED_BIDDING → ALREADY_LEADING → BID_NOT_ON_INCREMENT → BID_TOO_LOW
 * is reported, always with the current nextMinimumBid.
 */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { formatMoney, type Fen } from '../../common/money';
import { ApplicationStatus } from '../application/application.types';
import { nextMinimumBid, type AuctionState } from '../auction/auction.rules';
import { AuctionStatus } from '../auction/auction.types';
import { BidPhase } from './bid.types';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 100;

/** What the rules need to know about the bidder's side. */
export interface BidderStanding {
  /** the bidder's live application in this auction, if any */
  application: { id: string; status: ApplicationStatus } | null;
  /** did that application place a valid quote during quoting? (only those take part in timed bidding) */
  quotedDuringQuoting: boolean;
}

/** What the rules read of the auction to judge a bid. */
export type BidState = Pick<
  AuctionState,
  'status' | 'startingPrice' | 'increment' | 'currentPrice' | 'leadingApplicationId'
>;

export function bidError(state: BidState, code: ErrorCode, message: string): DomainError {
  // a refusal is an answer, not a fault: DomainError captures no stack trace
  return new DomainError(code, message, { nextMinimumBid: formatMoney(nextMinimumBid(state)) });
}

/** amount = startingPrice + k × increment for a whole k ≥ 0 */
export const onLadder = (amount: Fen, startingPrice: Fen, increment: Fen): boolean =>
  amount >= startingPrice && (amount - startingPrice) % increment === 0;

export function checkIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || key.trim() !== key) {
    throw badInput(
      `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters without surrounding spaces`,
      {
        field: 'idempotencyKey',
      },
    );
  }
  return key;
}

/** Decides a bid; returns the phase it is placed in, or throws the first rule it breaks. */
export function judgeBid(state: BidState, standing: BidderStanding, amount: Fen): BidPhase {
  const timed = state.status === AuctionStatus.TIMED_BIDDING;
  if (state.status !== AuctionStatus.QUOTING && !timed) {
    throw bidError(state, ErrorCode.AUCTION_NOT_OPEN, `bidding is not open (the auction is ${state.status})`);
  }
  const application = standing.application;
  if (!application || application.status !== ApplicationStatus.QUALIFIED) {
    throw bidError(state, ErrorCode.NOT_QUALIFIED, 'no qualified application of this bidder in this auction');
  }
  if (timed && !standing.quotedDuringQuoting) {
    throw bidError(
      state,
      ErrorCode.NOT_IN_TIMED_BIDDING,
      'only applications that quoted during quoting take part in timed bidding',
    );
  }
  if (state.leadingApplicationId === application.id) {
    throw bidError(state, ErrorCode.ALREADY_LEADING, 'the leading bid is already yours');
  }
  if (!onLadder(amount, state.startingPrice, state.increment)) {
    throw bidError(
      state,
      ErrorCode.BID_NOT_ON_INCREMENT,
      `a bid must be the starting price ${formatMoney(state.startingPrice)} plus a whole number of increments of ${formatMoney(state.increment)}`,
    );
  }
  const minimum = nextMinimumBid(state);
  if (amount < minimum) {
    throw bidError(state, ErrorCode.BID_TOO_LOW, `the next bid must be at least ${formatMoney(minimum)}`);
  }
  return timed ? BidPhase.TIMED : BidPhase.QUOTING;
}

/** A timed bid restarts the round from its own time; a quote leaves quoteEnd where it is. */
export function phaseEndAfterBid(state: AuctionState, phase: BidPhase, placedAt: Date): Date | null {
  if (phase === BidPhase.TIMED) return new Date(placedAt.getTime() + state.timedBiddingRoundSeconds * 1000);
  return state.phaseEndsAt;
}

/**
 * A retry under a key already used by this bidder: the same auction and amount returns the first bid;
 * anything else is CONFLICT.
 */
export function replayOf<T extends { auctionId: string; amount: Fen }>(
  existing: T,
  auctionId: string,
  amount: Fen,
): T {
  if (existing.auctionId !== auctionId || existing.amount !== amount) {
    throw new DomainError(
      ErrorCode.CONFLICT,
      'this idempotencyKey was already used for another bid; use a new key for a new bid',
    );
  }
  return existing;
}
