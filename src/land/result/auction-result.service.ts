import type { SqlEntityManager } from '@mikro-orm/knex';
import { badInput, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors';
import { divideRounded } from '../../common/decimal';
import { newId } from '../../common/ids';
import { placeholders } from '../../db/reads';
import { dialectOf } from '../../db/orm';
import type { Context } from '../../common/request/context';
import { ApplicationMember } from '../application/application.entity';
import { AuctionResult, SubmittedDocument } from './auction-result.entity';
import * as rules from '../auction/auction.rules';
import {
  AuctionStatus,
  type AuctionSummary,
  type AuctionSummaryFilter,
  type DistrictAuctionSummary,
  type DocumentInput,
} from '../auction/auction.types';
import { syncDue, withAuction } from '../auction/auction.service';
import { hasRole, Role } from '../../common/viewer';
import { canSeeAuction, isTradingCenter, requireBidder, requireSeller, viewerBidderId } from '../land.policy';
import { loadChildren } from '../land.loaders';
import { randomDigits } from '../land.random';
import type { UploadedDocument } from '../document/document.entity';
import { uploadedDocuments } from '../document/document.service';

/** The result of an auction, once awarded. */
export async function loadResult(ctx: Context, auctionId: string): Promise<AuctionResult | null> {
  return (await loadChildren(ctx, AuctionResult, 'auction', auctionId, {}))[0] ?? null;
}

/**
 * The submitted documents, for the winning application's members, the trading centre and the seller; for
 * everyone else the list is empty (nobody else learns that a file exists).
 */
export async function documentsOf(ctx: Context, result: AuctionResult): Promise<SubmittedDocument[]> {
  if (!isTradingCenter(ctx.viewer) && !hasRole(ctx.viewer, Role.LAND_BUREAU)) {
    const bidderId = viewerBidderId(ctx.viewer);
    if (!bidderId) return [];
    const members = await loadChildren(ctx, ApplicationMember, 'application', result.winnerApplication.id, {
      id: 'asc',
    });
    if (!members.some((m) => m.bidder.id === bidderId)) return [];
  }
  return loadChildren(ctx, SubmittedDocument, 'result', result.id, { position: 'asc', id: 'asc' });
}

/** Any member of the winning application submits the documents before documentsDueAt (§1.6). */
export async function submitAwardDocuments(
  ctx: Context,
  auctionId: string,
  documents: DocumentInput[],
): Promise<AuctionResult> {
  const bidderId = requireBidder(ctx.viewer);
  const valid = rules.validateDocuments(documents);
  const uploads = await uploadedDocuments(
    ctx,
    documents.map((d) => d.documentId ?? ''),
  );
  const resultId = await withAuction(ctx, auctionId, async (work) => {
    if (!canSeeAuction(ctx.viewer, work.auction)) throw notFound('auction');
    const result = await work.em.findOne(AuctionResult, { auction: work.auction.id });
    if (!result) {
      rules.submitDocuments(work.auction, work.now); // says why: not awarded
      throw new DomainError(ErrorCode.INVALID_TRANSITION, 'the auction has no award');
    }
    const member = await work.em.count(ApplicationMember, {
      application: result.winnerApplication.id,
      bidder: bidderId,
    });
    if (member === 0) throw forbidden('only the winning application submits the award documents');
    const transition = rules.submitDocuments(work.auction, work.now);
    const members = await work.em.find(ApplicationMember, { application: result.winnerApplication.id });
    const files = matchUploads(
      valid,
      documents.map((d) => d.documentId),
      uploads,
      work.auction.id,
      members.map((m) => m.bidder.id),
    );
    await work.em.nativeDelete(SubmittedDocument, { result: result.id });
    for (const [position, d] of valid.entries()) {
      await work.em.insert(SubmittedDocument, {
        id: newId(),
        result: result.id,
        submittedBy: bidderId,
        ...d,
        document: files[position].id,
        contentType: files[position].contentType,
        submittedAt: work.now,
        position,
      });
    }
    if (transition) {
      await work.apply(transition);
      await work.em.nativeUpdate(
        AuctionResult,
        { id: result.id },
        { transactionNoticeNumber: `CJTZ-${work.auction.code}-${randomDigits(8)}` },
      );
    }
    return result.id;
  });
  return ctx.em.findOneOrFail(AuctionResult, { id: resultId }, { refresh: true });
}

/**
 * Each submitted document names its upload (documentId): uploaded for this auction by a member of the winning
 * application, with the declared sha256, size and name.
 */
function matchUploads(
  valid: rules.DocumentDraft[],
  ids: (string | null | undefined)[],
  uploads: Map<string, UploadedDocument>,
  auctionId: string,
  winners: string[],
): UploadedDocument[] {
  return valid.map((d, i) => {
    const id = ids[i];
    if (!id)
      throw badInput('upload each file first (POST /documents) and pass its documentId', {
        field: `documents.${i}.documentId`,
      });
    const upload = uploads.get(id);
    if (!upload || upload.auction.id !== auctionId || !winners.includes(upload.uploadedBy.id))
      throw badInput('no such upload of the winning application for this auction', {
        field: `documents.${i}.documentId`,
      });
    if (upload.sha256 !== d.sha256 || upload.sizeBytes !== d.sizeBytes)
      throw new DomainError(
        ErrorCode.DOCUMENT_HASH_MISMATCH,
        'the declared sha256 or sizeBytes differs from the uploaded file',
        { field: `documents.${i}`, sha256: upload.sha256, sizeBytes: upload.sizeBytes },
      );
    if (upload.fileName !== d.fileName)
      throw badInput('fileName differs from the uploaded file’s name', { field: `documents.${i}.fileName` });
    return upload;
  });
}

/** The seller signs the 《成交确认书》. */
export async function signConfirmation(ctx: Context, auctionId: string): Promise<AuctionResult> {
  requireSeller(ctx.viewer);
  const resultId = await withAuction(ctx, auctionId, async (work) => {
    if (!canSeeAuction(ctx.viewer, work.auction)) throw notFound('auction');
    await work.apply(rules.confirm(work.auction, work.now));
    const result = await work.em.findOneOrFail(AuctionResult, { auction: work.auction.id });
    await work.em.nativeUpdate(AuctionResult, { id: result.id }, { confirmationSignedAt: work.now });
    return result.id;
  });
  return ctx.em.findOneOrFail(AuctionResult, { id: resultId }, { refresh: true });
}

const SOLD = [AuctionStatus.AWARDED, AuctionStatus.DOCUMENTS_SUBMITTED, AuctionStatus.CONFIRMED];

/** Published auctions (never DRAFT) of the parcels and quoteEnd range of a summary filter, as SQL. */
function summaryWhere(
  em: SqlEntityManager,
  filter?: AuctionSummaryFilter | null,
): { where: string; params: unknown[] } {
  // SQLite keeps instants as epoch milliseconds, PostgreSQL as timestamptz
  const instant = (d: Date) => (dialectOf(em) === 'sqlite' ? d.getTime() : d);
  const where: string[] = ['a.status <> ?'];
  const params: unknown[] = [AuctionStatus.DRAFT];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (filter?.city) add('p.city = ?', filter.city);
  if (filter?.district) add('p.district = ?', filter.district);
  if (filter?.quoteEndFrom) add('a.quote_end >= ?', instant(filter.quoteEndFrom));
  if (filter?.quoteEndTo) add('a.quote_end < ?', instant(filter.quoteEndTo));
  return { where: where.join(' and '), params };
}

type SummaryRow = {
  city: string;
  district: string;
  auctions: number | string;
  awarded: number | string | null;
  failed: number | string | null;
  bids: number | string | null;
};
type SaleRow = {
  city: string;
  district: string;
  final_price: string | number;
  starting_price: string | number;
};

/**
 * The summary figures of published auctions grouped by (city, district), or of all of them when `grouped` is
 * false: two statements whatever the number of groups.
 */
async function summarize(
  ctx: Context,
  filter: AuctionSummaryFilter | null | undefined,
  grouped: boolean,
): Promise<Map<string, AuctionSummary & { city: string; district: string }>> {
  await syncDue(ctx);
  const em = ctx.em as SqlEntityManager;
  const { where, params } = summaryWhere(em, filter);
  const sold = placeholders(SOLD.length);
  const keys = grouped ? 'p.city, p.district' : `'' as city, '' as district`;
  const totals = await em.execute<SummaryRow[]>(
    `select ${keys}, count(*) as auctions,
            sum(case when a.status in (${sold}) then 1 else 0 end) as awarded,
            sum(case when a.status = ? then 1 else 0 end) as failed,
            sum(a.last_bid_sequence) as bids
       from auction a join land_parcel p on p.id = a.parcel_id
      where ${where}${grouped ? ' group by p.city, p.district' : ''}`,
    [...SOLD, AuctionStatus.FAILED, ...params],
  );
  const sales = await em.execute<SaleRow[]>(
    `select ${keys}, r.final_price, a.starting_price
       from auction a join land_parcel p on p.id = a.parcel_id join auction_result r on r.auction_id = a.id
      where a.status in (${sold}) and ${where}`,
    [...SOLD, ...params],
  );
  const key = (row: { city: string; district: string }) => JSON.stringify([row.city, row.district]);
  const pricesOf = new Map<string, { finalPrice: number; startingPrice: number }[]>();
  for (const s of sales) {
    const prices = pricesOf.get(key(s)) ?? [];
    prices.push({ finalPrice: Number(s.final_price), startingPrice: Number(s.starting_price) });
    pricesOf.set(key(s), prices);
  }
  const summaries = new Map<string, AuctionSummary & { city: string; district: string }>();
  for (const t of totals) {
    const prices = pricesOf.get(key(t)) ?? [];
    summaries.set(key(t), {
      city: t.city,
      district: t.district,
      auctions: Number(t.auctions),
      awarded: Number(t.awarded ?? 0),
      failed: Number(t.failed ?? 0),
      totalBids: Number(t.bids ?? 0),
      totalFinalPrice: prices.reduce((sum, p) => sum + p.finalPrice, 0),
      averagePremiumRatePercent: averagePremium(prices),
    });
  }
  return summaries;
}

/**
 * auctionSummary: public aggregates over published auctions, in SQL. The average premium is the mean of each
 * sale's premium rate, computed exactly from the summed fractions.
 */
export async function auctionSummary(
  ctx: Context,
  filter?: AuctionSummaryFilter | null,
): Promise<AuctionSummary> {
  const [all] = (await summarize(ctx, filter, false)).values();
  const { city: _city, district: _district, ...summary } = all;
  return summary;
}

/**
 * auctionSummaryByDistrict: the figures of auctionSummary for each (city, district) with published auctions,
 * by city then district (code point order, the same on both databases).
 */
export async function auctionSummaryByDistrict(
  ctx: Context,
  filter?: AuctionSummaryFilter | null,
): Promise<DistrictAuctionSummary[]> {
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...(await summarize(ctx, filter, true)).values()].sort(
    (a, b) => byCodePoint(a.city, b.city) || byCodePoint(a.district, b.district),
  );
}

/** mean of (final − start) / start × 100, half-up to 2 decimals; null when nothing was sold. */
export function averagePremium(sales: { finalPrice: number; startingPrice: number }[]): string | null {
  if (sales.length === 0) return null;
  let numerator = 0n;
  let denominator = 1n;
  for (const s of sales) {
    const n = BigInt(s.finalPrice - s.startingPrice);
    const d = BigInt(s.startingPrice);
    numerator = numerator * d + n * denominator;
    denominator *= d;
  }
  return divideRounded(numerator * 100n, denominator * BigInt(sales.length), 2);
}
