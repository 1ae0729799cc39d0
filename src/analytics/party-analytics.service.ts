/** mobileMemberSummary, mobilityBreakdown and dutyCompliance: for ORG_ADMIN, ORG_DEPARTMENT and ANALYST in scope. */
import { percent } from '../common/decimal';
import { catalogOf } from '../party/duty/duty.service';
import { DutyDefinition } from '../party/duty/duty.types';
import { MobilityReason } from '../party/mobility/mobility.types';
import { PartyOrganization } from '../party/organization/organization.entity';
import type { PartyContext } from '../party/party.context';
import { requireAnalyst, requireReadableScope } from '../party/party.policy';
import { aggregateRows, countOf, findOrNull, today } from '../party/party.support';
import { regionName } from '../party/organization/regions';
import { breakdownSql, complianceSql, summarySql } from './party-analytics.sql';
import {
  CountBucket,
  DutyComplianceRow,
  MobileMemberSummary,
  MobilityDimension,
} from './party-analytics.types';

async function scopeOf(ctx: PartyContext, scopeId: string): Promise<PartyOrganization> {
  const access = await requireAnalyst(ctx);
  return requireReadableScope(access, await findOrNull(ctx, PartyOrganization, scopeId));
}

export async function mobileMemberSummary(
  ctx: PartyContext,
  scopeId: string,
  asOf?: string | null,
): Promise<MobileMemberSummary> {
  const scope = await scopeOf(ctx, scopeId);
  const day = asOf ?? today(ctx);
  const [row] = await aggregateRows(
    ctx,
    summarySql(catalogOf(ctx), scope.path, day, day >= today(ctx), ctx.config.database.kind),
  );
  const outflowActive = countOf(row?.outflow_active);
  const unreported = countOf(row?.unreported);
  return Object.assign(new MobileMemberSummary(), {
    scope,
    asOf: day,
    outflowActive,
    inflowActive: countOf(row?.inflow_active),
    mobileMembers: countOf(row?.mobile_members),
    unreported,
    reportedRatePercent: percent(outflowActive - unreported, outflowActive),
    contactAssignedRatePercent: percent(countOf(row?.contact_assigned), outflowActive),
    withOverdueDuties: countOf(row?.with_overdue),
  });
}

const REASON_LABELS: Record<MobilityReason, string> = {
  WORK: '工作单位变化',
  STUDY: '学习单位变化',
  RESIDENCE: '居住地变化',
};
const STATUS_LABELS: Record<string, string> = { REGISTERED: '已登记，未报到', REPORTED: '已报到' };

function label(by: MobilityDimension, key: string, stored: string | null): string {
  switch (by) {
    case MobilityDimension.DESTINATION_REGION:
      return regionName(key);
    case MobilityDimension.REASON:
      return REASON_LABELS[key as MobilityReason] ?? key;
    case MobilityDimension.STATUS:
      return STATUS_LABELS[key] ?? key;
    case MobilityDimension.DEPARTURE_MONTH:
      return `${key.slice(0, 4)}年${key.slice(5, 7)}月`;
    default:
      return stored ?? key;
  }
}

/** Buckets, largest first; REASON and STATUS list every value, including those with no record. */
export async function mobilityBreakdown(
  ctx: PartyContext,
  scopeId: string,
  by: MobilityDimension,
  asOf?: string | null,
): Promise<CountBucket[]> {
  const scope = await scopeOf(ctx, scopeId);
  const day = asOf ?? today(ctx);
  const rows = await aggregateRows(ctx, breakdownSql(by, scope.path, day));
  const counts = new Map(
    rows.map((r) => [String(r.k), { n: countOf(r.n), label: r.label as string | null }]),
  );
  const fixed =
    by === MobilityDimension.REASON
      ? Object.values(MobilityReason)
      : by === MobilityDimension.STATUS
        ? ['REGISTERED', 'REPORTED']
        : null;
  const keys = fixed ? [...fixed] : rows.map((r) => String(r.k));
  return keys
    .map((key) =>
      Object.assign(new CountBucket(), {
        key,
        label: label(by, key, counts.get(key)?.label ?? null),
        count: counts.get(key)?.n ?? 0,
      }),
    )
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function dutyCompliance(
  ctx: PartyContext,
  scopeId: string,
  asOf?: string | null,
): Promise<DutyComplianceRow[]> {
  const scope = await scopeOf(ctx, scopeId);
  const day = asOf ?? today(ctx);
  const catalog = catalogOf(ctx);
  const [row] = await aggregateRows(
    ctx,
    complianceSql(catalog, scope.path, day, day >= today(ctx), ctx.config.database.kind),
  );
  return catalog.map((spec, k) => {
    const applicable = countOf(row?.[`a${k}`]);
    const overdue = countOf(row?.[`o${k}`]);
    const late = countOf(row?.[`l${k}`]);
    return Object.assign(new DutyComplianceRow(), {
      duty: DutyDefinition.of(spec),
      applicable,
      fulfilled: countOf(row?.[`f${k}`]),
      late,
      overdue,
      compliancePercent: percent(applicable - overdue - late, applicable),
    });
  });
}
