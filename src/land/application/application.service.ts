import type { EntityManager } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { loadChildren, loadExisting } from '../land.loaders';
import { newDepositAccountNumber, randomDigits } from '../land.random';
import type { Context } from '../../common/request/context';
import { Application, ApplicationMember } from './application.entity';
import {
  checkApplicationWindow,
  checkRejection,
  checkWithdrawal,
  normalizeMembers,
} from './application.rules';
import { ApplicationStatus, LIVE_APPLICATION_STATUSES, type ApplyInput } from './application.types';
import { Auction } from '../auction/auction.entity';
import { loadResult } from '../result/auction-result.service';
import { reasonText } from '../auction/auction.rules';
import { syncDue, withAuction, type AuctionWork } from '../auction/auction.service';
import { Bidder } from '../bidder/bidder.entity';
import { DepositPayment } from '../deposit/deposit.entity';
import { depositState } from '../deposit/deposit.rules';
import type { DepositState } from './application.types';
import {
  canSeeApplication,
  requireBidder,
  requireTradingCenter,
  canSeeAuction,
  isTradingCenter,
  viewerBidderId,
} from '../land.policy';

/** 竞买号牌: 6 random digits, unique within the auction (checked under the auction's lock). */
export async function newBiddingNumber(em: EntityManager, auctionId: string): Promise<string> {
  for (;;) {
    const candidate = randomDigits(6);
    const taken = await em.count(Application, { auction: auctionId, biddingNumber: candidate });
    if (taken === 0) return candidate;
  }
}

/** Members of an application in the order the lead listed them, batched per operation. */
export function membersOf(ctx: Context, applicationId: string): Promise<ApplicationMember[]> {
  return loadChildren(ctx, ApplicationMember, 'application', applicationId, { position: 'asc' });
}

export async function memberIdsOf(ctx: Context, applicationId: string): Promise<string[]> {
  return (await membersOf(ctx, applicationId)).map((m) => m.bidder.id);
}

export async function canViewApplication(ctx: Context, application: Application): Promise<boolean> {
  if (isTradingCenter(ctx.viewer)) return true;
  return canSeeApplication(ctx.viewer, await memberIdsOf(ctx, application.id));
}

export async function findApplication(ctx: Context, id: string): Promise<Application | null> {
  if (!isUuid(id)) return null;
  await syncDue(ctx);
  const application = await ctx.em.findOne(Application, { id });
  return application && (await canViewApplication(ctx, application)) ? application : null;
}

/** Auction.applications: every application, for the trading centre (the caller checks the policy). */
export function applicationsOfAuction(ctx: Context, auctionId: string): Promise<Application[]> {
  return loadChildren(ctx, Application, 'auction', auctionId, { submittedAt: 'asc', id: 'asc' });
}

/** A bidder's applications that the viewer may see: all for the trading centre, else those it is a member of. */
export async function applicationsOfBidder(ctx: Context, bidderId: string): Promise<Application[]> {
  const own = viewerBidderId(ctx.viewer);
  if (!isTradingCenter(ctx.viewer) && own === null) return [];
  const members = await ctx.em.find(ApplicationMember, { bidder: bidderId }, { populate: ['application'] });
  const ids = members.map((m) => m.application.id);
  if (ids.length === 0) return [];
  let visible = ids;
  if (!isTradingCenter(ctx.viewer)) {
    const mine = await ctx.em.find(ApplicationMember, { bidder: own, application: { $in: ids } });
    const mineIds = new Set(mine.map((m) => m.application.id));
    visible = ids.filter((id) => mineIds.has(id));
  }
  return ctx.em.find(Application, { id: { $in: visible } }, { orderBy: { submittedAt: 'desc', id: 'asc' } });
}

export function paymentsOf(ctx: Context, applicationId: string): Promise<DepositPayment[]> {
  return loadChildren(ctx, DepositPayment, 'application', applicationId, { arrivedAt: 'asc', id: 'asc' });
}

/** The state of an application's deposit, derived from its payments, its status and the auction's outcome. */
export async function depositStateOf(ctx: Context, application: Application): Promise<DepositState> {
  const [payments, auction, result] = await Promise.all([
    paymentsOf(ctx, application.id),
    loadExisting(ctx, Auction, application.auction.id),
    loadResult(ctx, application.auction.id),
  ]);
  const kept = payments.find((p) => p.accepted);
  return depositState({
    applicationStatus: application.status,
    auctionStatus: auction.status,
    hasAcceptedPayment: !!kept,
    acceptedPaymentRefunded: !!kept?.refundedAt,
    isWinner: result?.winnerApplication.id === application.id,
  });
}

/** A bidder applies for an auction, alone or as the lead of a joint application. */
export async function applyForAuction(ctx: Context, input: ApplyInput): Promise<Application> {
  const bidderId = requireBidder(ctx.viewer);
  const id = await withAuction(ctx, input.auctionId, async (work) => {
    if (!canSeeAuction(ctx.viewer, work.auction)) throw notFound('auction');
    checkApplicationWindow(work.auction, work.now);
    const { joint, members } = normalizeMembers(
      input.members,
      bidderId,
      work.auction.jointApplicationAllowed,
    );
    const ids = members.map((m) => m.bidderId);
    if (ids.some((i) => !isUuid(i))) throw badInput('members names an unknown bidder', { field: 'members' });
    const found = await work.em.count(Bidder, { id: { $in: ids } });
    if (found !== ids.length) {
      if ((await work.em.count(Bidder, { id: bidderId })) === 0)
        throw forbidden('the token names an unknown bidder');
      throw badInput('members names an unknown bidder', { field: 'members' });
    }
    const incomplete = await work.em.count(Bidder, { id: { $in: ids }, integrityProfileComplete: false });
    if (incomplete > 0)
      throw new DomainError(
        ErrorCode.INTEGRITY_PROFILE_INCOMPLETE,
        'every applicant’s integrity record (诚信库) must be complete before applying (completeIntegrityProfile)',
      );
    const live = await work.em.count(ApplicationMember, {
      bidder: { $in: ids },
      application: { auction: work.auction.id, status: { $in: LIVE_APPLICATION_STATUSES } },
    });
    if (live > 0) {
      throw new DomainError(ErrorCode.CONFLICT, 'a member already holds a live application for this auction');
    }
    const application = work.em.create(Application, {
      auction: work.auction.id,
      joint,
      status: ApplicationStatus.DEPOSIT_PENDING,
      submittedAt: work.now,
      depositAccountNumber: newDepositAccountNumber(),
      depositBankName: ctx.config.depositBankName,
      depositAccountName: ctx.config.depositAccountName,
      depositAmountDue: work.auction.deposit,
    });
    for (const m of members) {
      work.em.create(ApplicationMember, {
        application,
        bidder: m.bidderId,
        sharePercent: m.sharePercent,
        lead: m.lead,
        position: m.position,
      });
    }
    await work.em.flush();
    return application.id;
  });
  return ctx.em.findOneOrFail(Application, { id });
}

/** Loads an application and runs `fn` on it under its auction's lock. */
async function onApplication(
  ctx: Context,
  id: string,
  fn: (work: AuctionWork, application: Application) => Promise<void>,
): Promise<Application> {
  const found = isUuid(id) ? await ctx.em.findOne(Application, { id }) : null;
  if (!found || !(await canViewApplication(ctx, found))) throw notFound('application');
  await withAuction(ctx, found.auction.id, async (work) => {
    const application = await work.em.findOneOrFail(Application, { id });
    await fn(work, application);
  });
  return ctx.em.findOneOrFail(Application, { id }, { refresh: true });
}

async function close(
  work: AuctionWork,
  application: Application,
  changes: Partial<Application>,
): Promise<void> {
  const affected = await work.em.nativeUpdate(
    Application,
    { id: application.id, status: application.status },
    { ...changes, closedAt: work.now },
  );
  if (affected !== 1)
    throw new DomainError(ErrorCode.CONFLICT, 'the application changed meanwhile; try again');
}

/** The lead withdraws: while DEPOSIT_PENDING, or QUALIFIED before quoting starts. */
export async function withdrawApplication(ctx: Context, id: string): Promise<Application> {
  const bidderId = requireBidder(ctx.viewer);
  return onApplication(ctx, id, async (work, application) => {
    const lead = await work.em.count(ApplicationMember, { application: id, bidder: bidderId, lead: true });
    if (lead === 0) throw forbidden('only the lead of the application may withdraw it');
    checkWithdrawal(application.status, work.auction, work.now);
    await close(work, application, { status: ApplicationStatus.WITHDRAWN });
  });
}

/** The trading centre rejects a live application, with a reason, before the award. */
export async function rejectApplication(ctx: Context, id: string, reason: string): Promise<Application> {
  requireTradingCenter(ctx.viewer);
  const why = reasonText(reason);
  return onApplication(ctx, id, async (work, application) => {
    checkRejection(application.status, work.auction);
    await close(work, application, { status: ApplicationStatus.REJECTED, rejectionReason: why });
  });
}
