/**
 * Every access decision of the land domain (DOMAIN.md §1.7a, §3), in one place: services and resolvers ask
 * here, so a new query cannot forget a rule.
 */
import { requireRole } from '../common/access';
import { forbidden } from '../common/errors';
import { hasRole, Role, type Viewer } from '../common/viewer';
import { AWARDED_STATUSES } from './auction/auction.rules';
import { AuctionStatus } from './auction/auction.types';

export const isTradingCenter = (viewer: Viewer): boolean => hasRole(viewer, Role.TRADING_CENTER);

/** The bidder the viewer acts as, if any. */
export const viewerBidderId = (viewer: Viewer): string | null =>
  hasRole(viewer, Role.BIDDER) && viewer.bidderId ? viewer.bidderId : null;

/** DRAFT auctions exist only for the trading centre. */
export const canSeeAuction = (viewer: Viewer, auction: { status: AuctionStatus }): boolean =>
  auction.status !== AuctionStatus.DRAFT || isTradingCenter(viewer);

/** Statuses a viewer may list. */
export const listableStatuses = (viewer: Viewer): AuctionStatus[] =>
  Object.values(AuctionStatus).filter((s) => s !== AuctionStatus.DRAFT || isTradingCenter(viewer));

const TRADING_ENDED: readonly AuctionStatus[] = [
  AuctionStatus.AWARDED,
  AuctionStatus.DOCUMENTS_SUBMITTED,
  AuctionStatus.CONFIRMED,
  AuctionStatus.FAILED,
  AuctionStatus.DEFAULTED,
];

/**
 * 底价: the trading centre and the seller know it; everyone else only once trading has ended (award or failure).
 * A terminated auction's reserve stays closed: the parcel may be listed again.
 */
export const canSeeReservePrice = (viewer: Viewer, auction: { status: AuctionStatus }): boolean =>
  hasRole(viewer, Role.TRADING_CENTER, Role.LAND_BUREAU) || TRADING_ENDED.includes(auction.status);

/** The winner's name is public from AWARDED on (成交公示); other bidders' names never are. */
export const canSeeWinnerName = (auction: { status: AuctionStatus }): boolean =>
  AWARDED_STATUSES.includes(auction.status);

/** Auction.applications: the trading centre only (FORBIDDEN for everyone else, anonymous included). */
export function requireApplicationsAccess(viewer: Viewer): void {
  if (!isTradingCenter(viewer)) throw forbidden('only the trading centre sees applications');
}

/** An application: the trading centre, and every member of it. */
export const canSeeApplication = (viewer: Viewer, memberBidderIds: readonly string[]): boolean => {
  if (isTradingCenter(viewer)) return true;
  const bidderId = viewerBidderId(viewer);
  return bidderId !== null && memberBidderIds.includes(bidderId);
};

/** A bidder by itself (bidder(id), node(id), Bidder.applications): the trading centre and the bidder. */
export const canSeeBidder = (viewer: Viewer, bidderId: string): boolean =>
  isTradingCenter(viewer) || viewerBidderId(viewer) === bidderId;

/** A deposit payment: the trading centre, the bank that reports them, and the application's members. */
export const canSeePayment = (viewer: Viewer, memberBidderIds: readonly string[]): boolean =>
  hasRole(viewer, Role.BANK) || canSeeApplication(viewer, memberBidderIds);

/**
 * An uploaded document (竞买资料): the bidder that uploaded it, the trading centre and the seller; for everyone
 * else it does not exist.
 */
export const canReadDocument = (viewer: Viewer, uploadedBy: string): boolean =>
  viewerBidderId(viewer) === uploadedBy || hasRole(viewer, Role.TRADING_CENTER, Role.LAND_BUREAU);

/** 身份证号 / 统一社会信用代码 in full only to the bidder itself and the trading centre. */
export function registrationNumberFor(
  viewer: Viewer,
  bidder: { id: string; registrationNumber: string },
): string {
  return canSeeBidder(viewer, bidder.id)
    ? bidder.registrationNumber
    : maskIdentifier(bidder.registrationNumber);
}

/** 6301**********1234: the first four and last four characters (fewer for short values). */
export function maskIdentifier(value: string): string {
  const keep = value.length >= 12 ? 4 : Math.floor(value.length / 4);
  return value.slice(0, keep) + '*'.repeat(value.length - 2 * keep) + value.slice(value.length - keep);
}

export function requireTradingCenter(viewer: Viewer): void {
  requireRole(viewer, Role.TRADING_CENTER);
}

/** Returns the bidder id the viewer acts as, or UNAUTHENTICATED / FORBIDDEN. */
export function requireBidder(viewer: Viewer): string {
  requireRole(viewer, Role.BIDDER);
  const id = viewerBidderId(viewer);
  if (!id) throw forbidden('the token names no bidder (bidderId)');
  return id;
}

export const requireBank = (viewer: Viewer): void => requireRole(viewer, Role.BANK);
export const requireSeller = (viewer: Viewer): void => requireRole(viewer, Role.LAND_BUREAU);
