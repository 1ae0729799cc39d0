import { ApplicationStatus } from '../../../src/land/application/application.types';
import { AuctionStatus } from '../../../src/land/auction/auction.types';
import {
  checkIdempotencyKey,
  judgeBid,
  onLadder,
  phaseEndAfterBid,
  replayOf,
  type BidderStanding,
} from '../../../src/land/bid/bid.rules';
import { BidPhase } from '../../../src/land/bid/bid.types';
import { at, auctionState } from './fixtures';

const qualified: BidderStanding = {
  application: { id: 'mine', status: ApplicationStatus.QUALIFIED },
  quotedDuringQuoting: true,
};
const quoting = auctionState({ status: AuctionStatus.QUOTING, phaseEndsAt: at(30) });

function rejection(fn: () => unknown): { code?: string; nextMinimumBid?: string } {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; extensions: { nextMinimumBid?: string } };
    return { code: e.code, nextMinimumBid: e.extensions.nextMinimumBid };
  }
  return {};
}

describe('the bid ladder', () => {
  it('accepts the starting price as the first bid', () => {
    expect(judgeBid(quoting, qualified, 10_000)).toBe(BidPhase.QUOTING);
  });

  it('accepts any rung above the current price, not only the next one', () => {
    expect(judgeBid({ ...quoting, currentPrice: 10_000 }, qualified, 12_000)).toBe(BidPhase.QUOTING);
  });

  it('rejects an amount off the ladder with BID_NOT_ON_INCREMENT and the next minimum', () => {
    expect(rejection(() => judgeBid(quoting, qualified, 10_250))).toEqual({
      code: 'BID_NOT_ON_INCREMENT',
      nextMinimumBid: '100.00',
    });
    // below the starting price is off the ladder too (k < 0)
    expect(rejection(() => judgeBid(quoting, qualified, 9_500)).code).toBe('BID_NOT_ON_INCREMENT');
  });

  it('rejects a rung at or below the current price with BID_TOO_LOW and the next minimum', () => {
    expect(rejection(() => judgeBid({ ...quoting, currentPrice: 10_500 }, qualified, 10_500))).toEqual({
      code: 'BID_TOO_LOW',
      nextMinimumBid: '110.00',
    });
  });

  it('knows the ladder', () => {
    expect(onLadder(10_000, 10_000, 500)).toBe(true);
    expect(onLadder(11_500, 10_000, 500)).toBe(true);
    expect(onLadder(11_499, 10_000, 500)).toBe(false);
    expect(onLadder(9_500, 10_000, 500)).toBe(false);
  });
});

describe('who may bid, in the order of §1.4', () => {
  it.each([
    AuctionStatus.ANNOUNCED,
    AuctionStatus.SUSPENDED,
    AuctionStatus.AWARDED,
    AuctionStatus.FAILED,
    AuctionStatus.IMPORTED,
  ])('refuses every bid while %s: AUCTION_NOT_OPEN before anything else', (status) => {
    expect(
      rejection(() => judgeBid({ ...quoting, status }, { application: null, quotedDuringQuoting: false }, 1)),
    ).toEqual({
      code: 'AUCTION_NOT_OPEN',
      nextMinimumBid: '100.00',
    });
  });

  it('needs a QUALIFIED application: NOT_QUALIFIED before any amount rule', () => {
    expect(
      rejection(() => judgeBid(quoting, { application: null, quotedDuringQuoting: false }, 1)).code,
    ).toBe('NOT_QUALIFIED');
    const pending = {
      application: { id: 'x', status: ApplicationStatus.DEPOSIT_PENDING },
      quotedDuringQuoting: false,
    };
    expect(rejection(() => judgeBid(quoting, pending, 10_000)).code).toBe('NOT_QUALIFIED');
  });

  it('lets only applications that quoted take part in timed bidding', () => {
    const timed = {
      ...quoting,
      status: AuctionStatus.TIMED_BIDDING,
      currentPrice: 10_000,
      phaseEndsAt: at(31),
    };
    expect(rejection(() => judgeBid(timed, { ...qualified, quotedDuringQuoting: false }, 7)).code).toBe(
      'NOT_IN_TIMED_BIDDING',
    );
    expect(judgeBid(timed, qualified, 10_500)).toBe(BidPhase.TIMED);
  });

  it('refuses the leader raising its own bid: ALREADY_LEADING before the amount rules', () => {
    const leading = { ...quoting, currentPrice: 10_000, leadingApplicationId: 'mine' };
    expect(rejection(() => judgeBid(leading, qualified, 3)).code).toBe('ALREADY_LEADING');
  });
});

describe('rounds and retries', () => {
  it('restarts the round from a timed bid, and leaves quoteEnd alone for a quote', () => {
    const timed = { ...quoting, status: AuctionStatus.TIMED_BIDDING, phaseEndsAt: at(31) };
    expect(phaseEndAfterBid(timed, BidPhase.TIMED, at(30.5))).toEqual(at(31.5));
    expect(phaseEndAfterBid(quoting, BidPhase.QUOTING, at(20))).toEqual(at(30));
  });

  it('returns the first bid for a retry with the same key and amount; CONFLICT otherwise', () => {
    const first = { id: 'b1', auctionId: 'a', amount: 10_000 };
    expect(replayOf(first, 'a', 10_000)).toBe(first);
    expect(() => replayOf(first, 'a', 10_500)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => replayOf(first, 'other', 10_000)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('takes keys of 1 to 100 characters', () => {
    expect(checkIdempotencyKey('k-1')).toBe('k-1');
    expect(() => checkIdempotencyKey('')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => checkIdempotencyKey('x'.repeat(101))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
