/**
 * 优秀流出党员表彰 (DOMAIN.md §2.6a): the outflow branch recommends (ORG_ADMIN / ORG_DEPARTMENT whose scope holds
 * the record's outflow organization); a committee above it decides (administrators of that committee); or the
 * branch records that it recommends nobody for a year. A recommendation or a "none this year" record meets
 * OUTFLOW_6 for its year.
 */
import { ref } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import { MobilityRecord } from '../mobility/mobility.entity';
import { requireActive } from '../mobility/mobility.rules';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import { optionalText, notInFuture, text } from '../party.input';
import {
  canReadRecord,
  partyAccess,
  pathsVisibleSql,
  requireAdmin,
  requireManages,
  requirePartyViewer,
} from '../party.policy';
import { toFilter } from '../party.sql';
import { findOr404, findOrNull, instantOn, today } from '../party.support';
import { Commendation } from './commendation.entity';
import { checkDecidingBody, checkNoCommendationYear } from './commendation.rules';
import {
  CommendationKind,
  CommendationStatus,
  type DecideCommendationInput,
  type DeclareNoCommendationInput,
  type RecommendCommendationInput,
} from './commendation.types';

async function outflowRecord(ctx: PartyContext, id: string): Promise<MobilityRecord> {
  const access = await requireAdmin(ctx);
  const record = await findOr404(ctx, MobilityRecord, id, 'mobility record');
  requireManages(access, record.outflowPath, 'mobility record');
  requireActive(record);
  return record;
}

async function refuseTwice(ctx: PartyContext, record: MobilityRecord, year: number, kind: CommendationKind) {
  const existing = await ctx.em.findOne(Commendation, { mobilityRecord: record.id, year });
  if (existing && (existing.kind !== kind || kind === CommendationKind.NONE_THIS_YEAR)) {
    throw new DomainError(
      ErrorCode.CONFLICT,
      existing.kind === CommendationKind.NONE_THIS_YEAR
        ? `“none this year” was recorded for ${year}`
        : `a recommendation exists for ${year}`,
    );
  }
}

function create(
  ctx: PartyContext,
  record: MobilityRecord,
  data: Pick<Commendation, 'kind' | 'year' | 'reason' | 'recordedOn' | 'status'>,
): Commendation {
  const now = ctx.clock.now();
  addDutyRecord(ctx, record, 'OUTFLOW_6', {
    organizationId: record.outflowOrganization.id,
    performedAt: instantOn(data.recordedOn, now),
    source:
      data.kind === CommendationKind.RECOMMENDATION ? DutySource.COMMENDATION : DutySource.NO_COMMENDATION,
    note: data.reason ?? null,
  });
  return ctx.em.create(Commendation, {
    ...data,
    mobilityRecord: record.id as never,
    organization: record.outflowOrganization.id as never,
    outflowPath: record.outflowPath,
    recordedBy: ctx.viewer.subject ?? 'system',
    recordedAt: now,
  });
}

export async function recommendCommendation(
  ctx: PartyContext,
  input: RecommendCommendationInput,
): Promise<Commendation> {
  const record = await outflowRecord(ctx, input.mobilityRecordId);
  const day = today(ctx);
  const recordedOn = notInFuture(input.recommendedOn ?? day, day, 'recommendedOn');
  if (recordedOn < record.registeredOn) {
    throw badInput('recommendedOn must not be before the registration', { field: 'recommendedOn' });
  }
  const year = Number(recordedOn.slice(0, 4));
  await refuseTwice(ctx, record, year, CommendationKind.RECOMMENDATION);
  const commendation = create(ctx, record, {
    kind: CommendationKind.RECOMMENDATION,
    year,
    reason: text(input.reason, 'reason', 1000),
    recordedOn,
    status: CommendationStatus.PENDING,
  });
  await ctx.em.flush();
  return commendation;
}

export async function declareNoCommendation(
  ctx: PartyContext,
  input: DeclareNoCommendationInput,
): Promise<Commendation> {
  const record = await outflowRecord(ctx, input.mobilityRecordId);
  const recordedOn = checkNoCommendationYear(input.year, record, today(ctx));
  await refuseTwice(ctx, record, input.year, CommendationKind.NONE_THIS_YEAR);
  const commendation = create(ctx, record, {
    kind: CommendationKind.NONE_THIS_YEAR,
    year: input.year,
    reason: optionalText(input.note, 'note', 1000),
    recordedOn,
    status: null,
  });
  await ctx.em.flush();
  return commendation;
}

export async function decideCommendation(
  ctx: PartyContext,
  input: DecideCommendationInput,
): Promise<Commendation> {
  const access = await requireAdmin(ctx);
  const commendation = await findOr404(ctx, Commendation, input.commendationId, 'commendation');
  const deciding = await findOr404(ctx, PartyOrganization, input.decidingOrganizationId, 'organization');
  requireManages(access, deciding.path, 'deciding body');
  checkDecidingBody(deciding, commendation.outflowPath);
  if (commendation.status !== CommendationStatus.PENDING) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, 'only a pending recommendation can be decided');
  }
  const day = today(ctx);
  const decidedOn = notInFuture(input.decidedOn ?? day, day, 'decidedOn');
  if (decidedOn < commendation.recordedOn) {
    throw badInput('decidedOn must not be before the recommendation', { field: 'decidedOn' });
  }
  commendation.status = input.approved ? CommendationStatus.APPROVED : CommendationStatus.NOT_APPROVED;
  commendation.decidingOrganization = ref(deciding);
  commendation.decidedOn = decidedOn;
  commendation.decisionNote = optionalText(input.note, 'note', 1000);
  await ctx.em.flush();
  return commendation;
}

/** The record's commendations are visible with the record itself. */
export async function canSeeCommendation(ctx: PartyContext, c: Commendation): Promise<boolean> {
  const access = await partyAccess(ctx);
  const record = await findOrNull(ctx, MobilityRecord, c.mobilityRecord.id);
  return (
    access.partyViewer &&
    !!record &&
    canReadRecord(access, {
      memberId: record.member.id,
      outflowPath: record.outflowPath,
      inflowPath: record.inflowPath ?? null,
    })
  );
}

/** Commendations whose recommending branch is in the viewer's read scope (a deciding body's worklist). */
export async function listCommendations(
  ctx: PartyContext,
  args: PageArgs,
  status?: CommendationStatus | null,
): Promise<Connection<Commendation>> {
  const access = await requirePartyViewer(ctx);
  const page = toPage(args);
  const where: object[] = [toFilter(pathsVisibleSql(access, '{a}.outflow_path'))];
  if (status) where.push({ status });
  const [items, total] = await ctx.em.findAndCount(
    Commendation,
    { $and: where },
    { orderBy: { recordedOn: 'desc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

export const commendationsOf = (ctx: PartyContext, recordId: string): Promise<Commendation[]> =>
  ctx.em.find(Commendation, { mobilityRecord: recordId }, { orderBy: { recordedOn: 'asc', id: 'asc' } });
