/**
 * The printable papers, generated on request: 《网上竞买资格确认书》 for a qualified application (its members and
 * the trading centre only: the bidding number is secret to everyone else) and 《成交通知书》 once the winner's
 * documents are in (the winning members, the trading centre and the seller). Each carries a verification code,
 * issued on first print, that the public verifyNotice query confirms.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { DomainError, ErrorCode, notFound } from '../../common/errors';
import { isUuid } from '../../common/ids';
import type { Context } from '../../common/request/context';
import { hasRole, Role } from '../../common/viewer';
import { dialectOf } from '../../db/orm';
import { Application, ApplicationMember } from '../application/application.entity';
import { ApplicationStatus } from '../application/application.types';
import { Auction } from '../auction/auction.entity';
import { AuctionEventType, AuctionStatus } from '../auction/auction.types';
import { DepositPayment } from '../deposit/deposit.entity';
import { canSeeApplication, canSeeAuction, isTradingCenter, viewerBidderId } from '../land.policy';
import { LandParcel } from '../parcel/parcel.entity';
import { LandUse } from '../parcel/parcel.types';
import { AuctionResult } from '../result/auction-result.entity';
import { AuctionEvent } from '../stream/auction-event.entity';
import { PaperVerification } from './document.entity';
import { renderPaper } from './paper.pdf';
import {
  normalizeVerificationCode,
  newVerificationCode,
  qualificationPaper,
  transactionNoticePaper,
  dateText,
  type Paper,
} from './paper.rules';
import { NoticeVerification, PaperKind } from './paper.types';

export interface PrintedPaper {
  paper: Paper;
  fileName: string;
  pdf: Buffer;
}

const USE_NAMES: Record<LandUse, string> = {
  [LandUse.RESIDENTIAL]: '住宅',
  [LandUse.COMMERCIAL]: '商业',
  [LandUse.INDUSTRIAL]: '工业',
  [LandUse.PUBLIC_SERVICE]: '公共管理与公共服务',
  [LandUse.OTHER]: '其他',
};

/** 住宅、商业用地（出让年限：住宅70年，商业40年） */
export function usesText(parcel: Pick<LandParcel, 'landUses' | 'leaseTerms'>): string {
  const uses = `${parcel.landUses.map((u) => USE_NAMES[u]).join('、')}用地`;
  if (!parcel.leaseTerms.length) return uses;
  return `${uses}（出让年限：${parcel.leaseTerms.map((t) => `${USE_NAMES[t.landUse]}${t.years}年`).join('，')}）`;
}

/** The paper's code, issued once (the first print) and the same on every later print. */
async function verificationCodeFor(
  ctx: Context,
  kind: PaperKind,
  subjectId: string,
  at: Date,
): Promise<string> {
  const em = ctx.em.fork() as SqlEntityManager;
  await em.execute(
    'insert into paper_verification (code, kind, subject_id, issued_at) values (?, ?, ?, ?) on conflict (kind, subject_id) do nothing',
    [newVerificationCode(), kind, subjectId, dialectOf(em) === 'postgresql' ? at : at.getTime()],
    'run',
  );
  const row = await em.findOneOrFail(PaperVerification, { kind, subjectId });
  return row.code;
}

async function applicantsOf(em: SqlEntityManager, applicationId: string) {
  const members = await em.find(
    ApplicationMember,
    { application: applicationId },
    { populate: ['bidder'], orderBy: { position: 'asc' } },
  );
  return members.map((m) => ({
    bidderId: m.bidder.id,
    name: m.bidder.name,
    registrationNumber: m.bidder.registrationNumber,
    sharePercent: m.sharePercent,
    lead: m.lead,
  }));
}

/** 《网上竞买资格确认书》 of a QUALIFIED application; NOT_FOUND for anyone but its members and the trading centre. */
export async function qualificationConfirmation(ctx: Context, applicationId: string): Promise<PrintedPaper> {
  if (!isUuid(applicationId)) throw notFound('application');
  const em = ctx.em.fork() as SqlEntityManager;
  const application = await em.findOne(Application, { id: applicationId });
  if (!application) throw notFound('application');
  const applicants = await applicantsOf(em, application.id);
  if (
    !canSeeApplication(
      ctx.viewer,
      applicants.map((a) => a.bidderId),
    )
  )
    throw notFound('application');
  if (
    application.status !== ApplicationStatus.QUALIFIED ||
    !application.qualificationNumber ||
    !application.biddingNumber ||
    !application.qualifiedAt
  )
    throw new DomainError(
      ErrorCode.NOT_QUALIFIED,
      'the 《网上竞买资格确认书》 is issued to a QUALIFIED application (the full deposit received)',
    );
  const auction = await em.findOneOrFail(Auction, { id: application.auction.id });
  const parcel = await em.findOneOrFail(LandParcel, { id: auction.parcel.id });
  const deposit = await em.findOneOrFail(DepositPayment, { application: application.id, accepted: true });
  const code = await verificationCodeFor(
    ctx,
    PaperKind.QUALIFICATION_CONFIRMATION,
    application.id,
    application.qualifiedAt,
  );
  const paper = qualificationPaper({
    qualificationNumber: application.qualificationNumber,
    auctionCode: auction.code,
    auctionTitle: auction.title,
    parcelCode: parcel.code,
    applicants,
    biddingNumber: application.biddingNumber,
    deposit: deposit.amount,
    depositArrivedAt: deposit.arrivedAt,
    quoteStart: auction.quoteStart,
    quoteEnd: auction.quoteEnd,
    tradingCenter: auction.tradingCenter.name,
    qualifiedAt: application.qualifiedAt,
    verificationCode: code,
  });
  return {
    paper,
    fileName: `网上竞买资格确认书-${application.qualificationNumber}.pdf`,
    pdf: await renderPaper(paper, application.qualifiedAt),
  };
}

async function noticeFacts(em: SqlEntityManager, auction: Auction, result: AuctionResult) {
  const parcel = await em.findOneOrFail(LandParcel, { id: auction.parcel.id });
  const submitted = await em.findOne(
    AuctionEvent,
    { auction: auction.id, type: AuctionEventType.DOCUMENTS_SUBMITTED },
    { orderBy: { sequence: 'asc' } },
  );
  const awarded = await em.findOne(AuctionEvent, { auction: auction.id, type: AuctionEventType.AWARDED });
  const awardedEvent = awarded?.hash ? { sequence: awarded.sequence, hash: awarded.hash } : null;
  return { parcel, issuedAt: submitted?.occurredAt ?? result.awardedAt, awardedEvent };
}

/** 《成交通知书》 once the documents are in; NOT_FOUND for anyone but the winners, the trading centre and the seller. */
export async function transactionNotice(ctx: Context, auctionId: string): Promise<PrintedPaper> {
  if (!isUuid(auctionId)) throw notFound('auction');
  const em = ctx.em.fork() as SqlEntityManager;
  const auction = await em.findOne(Auction, { id: auctionId });
  if (!auction || !canSeeAuction(ctx.viewer, auction)) throw notFound('auction');
  const result = await em.findOne(AuctionResult, { auction: auction.id });
  const winners = result ? await applicantsOf(em, result.winnerApplication.id) : [];
  const bidderId = viewerBidderId(ctx.viewer);
  const mayRead =
    isTradingCenter(ctx.viewer) ||
    hasRole(ctx.viewer, Role.LAND_BUREAU) ||
    (bidderId !== null && winners.some((w) => w.bidderId === bidderId));
  if (!result || !mayRead) throw notFound('transaction notice');
  if (!result.transactionNoticeNumber)
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      'the 《成交通知书》 is issued once the winner’s documents are submitted',
    );
  const { parcel, issuedAt, awardedEvent } = await noticeFacts(em, auction, result);
  const code = await verificationCodeFor(ctx, PaperKind.TRANSACTION_NOTICE, auction.id, issuedAt);
  const party = (p: Auction['seller']) => ({
    name: p.name,
    address: p.address ?? null,
    contacts: p.contacts ?? [],
  });
  const paper = transactionNoticePaper({
    noticeNumber: result.transactionNoticeNumber,
    auctionCode: auction.code,
    winnerName: result.winnerName,
    awardedAt: result.awardedAt,
    finalPrice: result.finalPrice,
    parcelCode: parcel.code,
    location: parcel.location,
    areaSqm: parcel.areaSqm,
    uses: usesText(parcel),
    obligations: parcel.obligations.map((o) => o.description),
    seller: party(auction.seller),
    tradingCenter: party(auction.tradingCenter),
    issuedAt,
    verificationCode: code,
    awardedEvent,
  });
  return {
    paper,
    fileName: `成交通知书-${result.transactionNoticeNumber}.pdf`,
    pdf: await renderPaper(paper, issuedAt),
  };
}

/**
 * verifyNotice(code): public, no token. A real code answers what its paper shows; anything else (a forged,
 * mistyped or unknown code) is null, with nothing about why.
 */
export async function verifyNotice(ctx: Context, raw: string): Promise<NoticeVerification | null> {
  const code = normalizeVerificationCode(raw);
  if (!code) return null;
  const em = ctx.em.fork() as SqlEntityManager;
  const row = await em.findOne(PaperVerification, { code });
  if (!row) return null;
  const answer = new NoticeVerification();
  if (row.kind === PaperKind.QUALIFICATION_CONFIRMATION) {
    const application = await em.findOneOrFail(Application, { id: row.subjectId });
    const auction = await em.findOneOrFail(Auction, { id: application.auction.id });
    const parcel = await em.findOneOrFail(LandParcel, { id: auction.parcel.id });
    const applicants = await applicantsOf(em, application.id);
    return Object.assign(answer, {
      kind: PaperKind.QUALIFICATION_CONFIRMATION,
      number: application.qualificationNumber ?? '',
      auctionCode: auction.code,
      parcelCode: parcel.code,
      holderName: applicants.map((a) => a.name).join('、'),
      issuedOn: isoDate(dateText(application.qualifiedAt ?? row.issuedAt)),
      finalPrice: null,
      logSequence: null,
      logHash: null,
      valid: application.status === ApplicationStatus.QUALIFIED,
    });
  }
  const auction = await em.findOneOrFail(Auction, { id: row.subjectId });
  const result = await em.findOneOrFail(AuctionResult, { auction: auction.id });
  const { parcel, issuedAt, awardedEvent } = await noticeFacts(em, auction, result);
  return Object.assign(answer, {
    kind: PaperKind.TRANSACTION_NOTICE,
    number: result.transactionNoticeNumber ?? '',
    auctionCode: auction.code,
    parcelCode: parcel.code,
    holderName: result.winnerName,
    issuedOn: isoDate(dateText(issuedAt)),
    finalPrice: result.finalPrice,
    logSequence: awardedEvent?.sequence ?? null,
    logHash: awardedEvent?.hash ?? null,
    valid: [AuctionStatus.DOCUMENTS_SUBMITTED, AuctionStatus.CONFIRMED].includes(auction.status),
  });
}

/** 2024年12月12日 → 2024-12-12 */
const isoDate = (text: string): string => text.replace(/(\d{4})年(\d{2})月(\d{2})日/, '$1-$2-$3');
