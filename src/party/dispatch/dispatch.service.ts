/**
 * 工作调度, 述职评议考核 (DOMAIN.md §2.6): the county roll-up by base committee, and the work items a county (or
 * higher) organization department issues to a base committee. Who may do what:
 *
 * - roll-up and work items: read by ORG_ADMIN, ORG_DEPARTMENT and ANALYST whose read reach holds the scope (the
 *   roll-up) or the committee or the issuer (an item);
 * - issue: ORG_DEPARTMENT whose manage reach holds the issuing committee (county level or above);
 * - answer: an administrator (ORG_ADMIN / ORG_DEPARTMENT) whose scope claim is the receiving committee itself —
 *   the committee answers for itself, not the department above it;
 * - close: ORG_DEPARTMENT whose manage reach holds the issuing committee.
 */
import { ref } from '@mikro-orm/core';
import { forbidden } from '../../common/errors';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { startOfShanghaiDay } from '../../common/time';
import { catalogOf } from '../duty/duty.service';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import { optionalText, text } from '../party.input';
import {
  partyAccess,
  pathsVisibleSql,
  reaches,
  requireAdmin,
  requireAnalyst,
  requireManages,
  requireReadableScope,
} from '../party.policy';
import { toFilter } from '../party.sql';
import { aggregateRows, countOf, findOr404, findOrNull, rawRows, today } from '../party.support';
import { WorkItem } from './dispatch.entity';
import {
  checkCommittee,
  checkDueOn,
  checkIssuer,
  checkTransition,
  reportMonth,
  STORED,
  workItemStatus,
} from './dispatch.rules';
import { renderMonthReport, reportFileName } from './dispatch.pdf';
import { maxDepthSql, rollupSql } from './dispatch.sql';
import {
  CommitteeRollupRow,
  WorkItemStatus,
  type AnswerWorkItemInput,
  type MonthReport,
  type CloseWorkItemInput,
  type IssueWorkItemInput,
} from './dispatch.types';

/** The committees of the scope's subtree with their figures as of `asOf` (default today), in tree order. */
export async function committeeRollup(
  ctx: PartyContext,
  scopeId: string,
  asOf?: string | null,
): Promise<CommitteeRollupRow[]> {
  const access = await requireAnalyst(ctx);
  const scope = requireReadableScope(access, await findOrNull(ctx, PartyOrganization, scopeId));
  const day = asOf ?? today(ctx);
  const [depth] = await rawRows<{ d: number | string | null }>(ctx, maxDepthSql(scope.path));
  const rows = await aggregateRows(
    ctx,
    rollupSql(catalogOf(ctx), scope, countOf(depth?.d), day, day >= today(ctx), {
      lostContactDays: ctx.config.lostContactDays,
      transferSuggestMonths: ctx.config.transferSuggestMonths,
      dialect: ctx.config.database.kind,
    }),
  );
  const committees = await ctx.em.find(PartyOrganization, { id: rows.map((r) => String(r.id)) });
  const byId = new Map(committees.map((c) => [c.id, c]));
  return rows.map((r) =>
    Object.assign(new CommitteeRollupRow(), {
      committee: byId.get(String(r.id))!,
      isScope: String(r.id) === scope.id,
      outflowActive: countOf(r.outflow_active),
      inflowActive: countOf(r.inflow_active),
      unreported: countOf(r.unreported),
      lostContact: countOf(r.lost_contact),
      overdueOutflowDuties: countOf(r.overdue_outflow),
      overdueInflowDuties: countOf(r.overdue_inflow),
      overdueMemberDuties: countOf(r.overdue_member),
      conversionsDue: countOf(r.conversions_due),
      shouldTransfer: countOf(r.should_transfer),
    }),
  );
}

// ─── work items ───

export async function issueWorkItem(ctx: PartyContext, input: IssueWorkItemInput): Promise<WorkItem> {
  const access = await requireAdmin(ctx, true);
  const issuer = await findOr404(ctx, PartyOrganization, input.issuingOrganizationId, 'organization');
  requireManages(access, issuer.path, 'issuing organization');
  checkIssuer(issuer);
  const committee = await findOr404(ctx, PartyOrganization, input.committeeId, 'organization');
  checkCommittee(committee, issuer.path);
  const day = today(ctx);
  const item = ctx.em.create(WorkItem, {
    issuingOrganization: ref(issuer),
    issuerPath: issuer.path,
    committee: ref(committee),
    committeePath: committee.path,
    title: text(input.title, 'title', 200),
    content: text(input.content, 'content', 4000),
    issuedOn: day,
    dueOn: checkDueOn(input.dueOn, day),
    state: STORED.ISSUED,
    issuedBy: ctx.viewer.subject ?? 'system',
    createdAt: ctx.clock.now(),
  });
  await ctx.em.flush();
  return item;
}

export async function answerWorkItem(ctx: PartyContext, input: AnswerWorkItemInput): Promise<WorkItem> {
  const access = await requireAdmin(ctx);
  const item = await findOr404(ctx, WorkItem, input.workItemId, 'work item');
  if (access.scopeOrganization?.path !== item.committeePath) {
    throw forbidden('only the administrators of the receiving committee answer its work items');
  }
  checkTransition(item, 'ANSWERED');
  item.answer = text(input.answer, 'answer', 4000);
  item.answeredOn = today(ctx);
  item.answeredBy = ctx.viewer.subject ?? null;
  item.state = STORED.ANSWERED;
  await ctx.em.flush();
  return item;
}

export async function closeWorkItem(ctx: PartyContext, input: CloseWorkItemInput): Promise<WorkItem> {
  const access = await requireAdmin(ctx, true);
  const item = await findOr404(ctx, WorkItem, input.workItemId, 'work item');
  requireManages(access, item.issuerPath, 'issuing organization');
  checkTransition(item, 'CLOSED');
  item.closingNote = optionalText(input.note, 'note', 1000);
  item.closedOn = today(ctx);
  item.state = STORED.CLOSED;
  await ctx.em.flush();
  return item;
}

export async function canSeeWorkItem(ctx: PartyContext, item: WorkItem): Promise<boolean> {
  const access = await partyAccess(ctx);
  return (
    access.analyst && (reaches(access.read, item.committeePath) || reaches(access.read, item.issuerPath))
  );
}

export const statusOf = (ctx: PartyContext, item: WorkItem): WorkItemStatus =>
  workItemStatus(item, today(ctx));

/** A status as a filter: OVERDUE and ISSUED split the stored ISSUED by the due day. */
function statusFilter(status: WorkItemStatus, day: string): object {
  switch (status) {
    case WorkItemStatus.OVERDUE:
      return { state: STORED.ISSUED, dueOn: { $lt: day } };
    case WorkItemStatus.ISSUED:
      return { state: STORED.ISSUED, dueOn: { $gte: day } };
    default:
      return { state: status };
  }
}

/** Work items the viewer may read, optionally of one committee's subtree and one status; by due day. */
export async function listWorkItems(
  ctx: PartyContext,
  args: PageArgs,
  filter: { committeeId?: string | null; status?: WorkItemStatus | null },
): Promise<Connection<WorkItem>> {
  const access = await requireAnalyst(ctx);
  const page = toPage(args);
  const where: object[] = [toFilter(pathsVisibleSql(access, '{a}.committee_path', '{a}.issuer_path'))];
  if (filter.committeeId) {
    const committee = await findOrNull(ctx, PartyOrganization, filter.committeeId);
    if (!committee) return toConnection([], 0, page);
    where.push({ committeePath: { $like: `${committee.path}%` } });
  }
  if (filter.status) where.push(statusFilter(filter.status, today(ctx)));
  const [items, total] = await ctx.em.findAndCount(
    WorkItem,
    { $and: where },
    { orderBy: { dueOn: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

// ─── the month report ───

/** 工作调度月报: the roll-up as of the month's end (today within the current month) and its work items. */
export async function monthReport(ctx: PartyContext, scopeId: string, month: string): Promise<MonthReport> {
  const access = await requireAnalyst(ctx);
  const scope = requireReadableScope(access, await findOrNull(ctx, PartyOrganization, scopeId));
  const { first, last, asOf } = reportMonth(month, today(ctx));
  const rows = await committeeRollup(ctx, scope.id, asOf);
  const found = await ctx.em.find(
    WorkItem,
    {
      committeePath: { $like: `${scope.path}%` },
      issuedOn: { $lte: last },
      $or: [{ issuedOn: { $gte: first } }, { state: STORED.ISSUED }, { answeredOn: { $gte: first } }],
    },
    { orderBy: { dueOn: 'asc', id: 'asc' }, populate: ['committee'] },
  );
  return {
    scope,
    month,
    asOf,
    rows,
    items: found.map((item) => ({
      item,
      committee: item.committee.getEntity().name,
      status: workItemStatus(item, asOf),
    })),
  };
}

/** The month report as a PDF, for the same viewers as the roll-up (src/server/documents serves it). */
export async function printMonthReport(
  ctx: PartyContext,
  scopeId: string,
  month: string,
): Promise<{ fileName: string; pdf: Buffer }> {
  const report = await monthReport(ctx, scopeId, month);
  // the creation date is the report's own day, so the same month prints the same bytes
  const pdf = await renderMonthReport(report, startOfShanghaiDay(report.asOf));
  return { fileName: reportFileName(report), pdf };
}
