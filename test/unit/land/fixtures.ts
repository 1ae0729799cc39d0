import type { AuctionState } from '../../../src/land/auction/auction.rules';
import { AuctionStatus } from '../../../src/land/auction/auction.types';

/** A fake clock's readings: minutes after 2025-03-03 09:00 +08:00. */
export const at = (minutes: number): Date =>
  new Date(Date.parse('2025-03-03T09:00:00+08:00') + minutes * 60_000);

/** Announcement 0–10, applications 0–20 (deposit deadline 15), quoting 10–30, rounds of 60 s. */
export function auctionState(overrides: Partial<AuctionState> = {}): AuctionState {
  return {
    announcementStart: at(0),
    announcementEnd: at(10),
    applicationStart: at(0),
    applicationEnd: at(20),
    depositDeadline: at(15),
    quoteStart: at(10),
    quoteEnd: at(30),
    status: AuctionStatus.ANNOUNCED,
    phaseEndsAt: at(10),
    startingPrice: 10_000,
    increment: 500,
    reservePrice: null,
    timedBiddingRoundSeconds: 60,
    documentUploadDays: 5,
    currentPrice: null,
    leadingApplicationId: null,
    suspendedFrom: null,
    suspendedAt: null,
    ...overrides,
  };
}

/** The DomainError code a call throws. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
