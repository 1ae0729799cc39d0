/** Who may apply, with whom, and when (DOMAIN.md §1.3), pure. */
import { toScaled } from '../../common/decimal';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import type { AuctionState } from '../auction/auction.rules';
import { AuctionStatus } from '../auction/auction.types';
import { ApplicationStatus, type ApplicationMemberInput } from './application.types';

export interface NormalizedMember {
  bidderId: string;
  sharePercent: string;
  lead: boolean;
  position: number;
}

const SHARE_SCALE = 10;
const HUNDRED = toScaled('100', SHARE_SCALE);

/** Applications are taken in [applicationStart, min(applicationEnd, depositDeadline)) while ANNOUNCED or QUOTING. */
export function checkApplicationWindow(state: AuctionState, now: Date): void {
  const open = state.status === AuctionStatus.ANNOUNCED || state.status === AuctionStatus.QUOTING;
  const end = Math.min(state.applicationEnd.getTime(), state.depositDeadline.getTime());
  const t = now.getTime();
  if (!open || t < state.applicationStart.getTime() || t >= end) {
    throw new DomainError(
      ErrorCode.APPLICATION_CLOSED,
      'applications are not being taken for this auction now',
    );
  }
}

/**
 * The members of an application. Omitted: the viewer alone with 100 %. Listed: every member once, the viewer
 * among them as the one lead, shares adding up to exactly 100. More than one member needs a joint auction.
 */
export function normalizeMembers(
  members: ApplicationMemberInput[] | null | undefined,
  viewerBidderId: string,
  jointAllowed: boolean,
): { joint: boolean; members: NormalizedMember[] } {
  if (!members || members.length === 0) {
    return {
      joint: false,
      members: [{ bidderId: viewerBidderId, sharePercent: '100', lead: true, position: 0 }],
    };
  }
  if (members.length > 1 && !jointAllowed) {
    throw new DomainError(
      ErrorCode.JOINT_APPLICATION_NOT_ALLOWED,
      'this auction takes sole applications only',
    );
  }
  if (members.length > 50) throw badInput('at most 50 members', { field: 'members' });
  const ids = new Set(members.map((m) => m.bidderId));
  if (ids.size !== members.length) throw badInput('a bidder is listed twice', { field: 'members' });
  if (!ids.has(viewerBidderId)) {
    throw badInput('the applying bidder must be listed among the members', { field: 'members' });
  }
  let total = 0n;
  for (const m of members) {
    const share = toScaled(m.sharePercent, SHARE_SCALE);
    if (share <= 0n || share > HUNDRED) {
      throw badInput('every share must be above 0 and at most 100', { field: 'members.sharePercent' });
    }
    total += share;
  }
  if (total !== HUNDRED)
    throw badInput('the shares must add up to exactly 100', { field: 'members.sharePercent' });
  const sole = members.length === 1;
  const leads = members.filter((m) => m.lead ?? sole);
  if (leads.length !== 1) throw badInput('exactly one member must lead', { field: 'members.lead' });
  if (leads[0].bidderId !== viewerBidderId) {
    throw badInput('the applying bidder must be the lead', { field: 'members.lead' });
  }
  return {
    joint: !sole,
    members: members.map((m, position) => ({
      bidderId: m.bidderId,
      sharePercent: m.sharePercent,
      lead: m.bidderId === viewerBidderId,
      position,
    })),
  };
}

function notNow(message: string): DomainError {
  return new DomainError(ErrorCode.INVALID_TRANSITION, message);
}

/** A bidder may withdraw while DEPOSIT_PENDING, or while QUALIFIED before quoting starts. */
export function checkWithdrawal(status: ApplicationStatus, state: AuctionState, now: Date): void {
  if (status === ApplicationStatus.DEPOSIT_PENDING) return;
  const beforeQuoting =
    (state.status === AuctionStatus.ANNOUNCED ||
      (state.status === AuctionStatus.SUSPENDED && state.suspendedFrom === AuctionStatus.ANNOUNCED)) &&
    now.getTime() < state.quoteStart.getTime();
  if (status === ApplicationStatus.QUALIFIED && beforeQuoting) return;
  throw notNow(`an application that is ${status} cannot be withdrawn now`);
}

const BEFORE_AWARD: readonly AuctionStatus[] = [
  AuctionStatus.ANNOUNCED,
  AuctionStatus.QUOTING,
  AuctionStatus.TIMED_BIDDING,
  AuctionStatus.SUSPENDED,
];

/** The trading centre may reject a live application, with a reason, before the award. */
export function checkRejection(status: ApplicationStatus, state: AuctionState): void {
  const live = status === ApplicationStatus.DEPOSIT_PENDING || status === ApplicationStatus.QUALIFIED;
  if (!live) throw notNow(`an application that is ${status} cannot be rejected`);
  if (!BEFORE_AWARD.includes(state.status))
    throw notNow(`the auction is ${state.status}: too late to reject`);
}
