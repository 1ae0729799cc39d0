import { Role, type Viewer } from '../../../src/common/viewer';
import { AuctionStatus } from '../../../src/land/auction/auction.types';
import {
  canSeeApplication,
  canSeeAuction,
  canSeeBidder,
  canSeeReservePrice,
  canSeeWinnerName,
  listableStatuses,
  maskIdentifier,
  registrationNumberFor,
  requireApplicationsAccess,
  requireBidder,
} from '../../../src/land/land.policy';

const anonymous: Viewer = { subject: null, roles: [] };
const center: Viewer = { subject: 'c', roles: [Role.TRADING_CENTER] };
const bureau: Viewer = { subject: 'l', roles: [Role.LAND_BUREAU] };
const bidder = (id: string): Viewer => ({ subject: id, roles: [Role.BIDDER], bidderId: id });

describe('land access policy', () => {
  it('shows DRAFT auctions to the trading centre only', () => {
    expect(canSeeAuction(anonymous, { status: AuctionStatus.DRAFT })).toBe(false);
    expect(canSeeAuction(center, { status: AuctionStatus.DRAFT })).toBe(true);
    expect(listableStatuses(bidder('b'))).not.toContain(AuctionStatus.DRAFT);
  });

  it('keeps the reserve price for the trading centre and the seller until trading ends', () => {
    for (const viewer of [center, bureau])
      expect(canSeeReservePrice(viewer, { status: AuctionStatus.QUOTING })).toBe(true);
    expect(canSeeReservePrice(anonymous, { status: AuctionStatus.TIMED_BIDDING })).toBe(false);
    expect(canSeeReservePrice(bidder('b'), { status: AuctionStatus.QUOTING })).toBe(false);
    expect(canSeeReservePrice(anonymous, { status: AuctionStatus.AWARDED })).toBe(true);
    expect(canSeeReservePrice(anonymous, { status: AuctionStatus.FAILED })).toBe(true);
    expect(canSeeReservePrice(anonymous, { status: AuctionStatus.TERMINATED })).toBe(false);
  });

  it('makes the winner public from AWARDED on', () => {
    expect(canSeeWinnerName({ status: AuctionStatus.TIMED_BIDDING })).toBe(false);
    expect(canSeeWinnerName({ status: AuctionStatus.AWARDED })).toBe(true);
    expect(canSeeWinnerName({ status: AuctionStatus.DEFAULTED })).toBe(true);
  });

  it('shows applications to the trading centre and their members only', () => {
    expect(() => requireApplicationsAccess(anonymous)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => requireApplicationsAccess(bidder('b'))).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => requireApplicationsAccess(center)).not.toThrow();
    expect(canSeeApplication(bidder('b'), ['a', 'b'])).toBe(true);
    expect(canSeeApplication(bidder('x'), ['a', 'b'])).toBe(false);
    expect(canSeeApplication({ subject: 'b', roles: [Role.BANK], bidderId: 'b' }, ['b'])).toBe(false);
    expect(canSeeBidder(bidder('b'), 'b')).toBe(true);
    expect(canSeeBidder(bidder('b'), 'a')).toBe(false);
  });

  it('masks registration numbers except to the bidder itself and the trading centre', () => {
    const b = { id: 'b', registrationNumber: '630102199001011234' };
    expect(registrationNumberFor(bidder('b'), b)).toBe('630102199001011234');
    expect(registrationNumberFor(center, b)).toBe('630102199001011234');
    expect(registrationNumberFor(bidder('a'), b)).toBe('6301**********1234');
    expect(maskIdentifier('ABCDEFGH')).toBe('AB****GH');
  });

  it('needs a bidder id on a BIDDER token', () => {
    expect(() => requireBidder(anonymous)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(() => requireBidder({ subject: 'x', roles: [Role.BIDDER] })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(requireBidder(bidder('b'))).toBe('b');
  });
});
