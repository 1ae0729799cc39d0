import { badInput, forbidden, unauthenticated } from '../../common/errors';
import { hasRole } from '../../common/viewer';
import { shanghaiDate } from '../../common/time';
import { dutyCatalog, DutyHolder, type DutySpec } from './duty.catalog';
import { DutyRecord } from './duty.entity';
import { overdueDuties, type RecordFacts, type YearlyFacts } from './duty.rules';
import { DutySource, type RecordDutyInput } from './duty.types';
import { lastMetProperty, MobilityRecord } from '../mobility/mobility.entity';
import { requireActive } from '../mobility/mobility.rules';
import type { PartyContext } from '../party.context';
import { loadDutyRecords } from '../party.loaders';
import { ADMIN_ROLES, isSelf, partyAccess, reaches } from '../party.policy';
import { optionalText } from '../party.input';
import { findOr404, today } from '../party.support';

/** The catalogue with this deployment's day counts (DUTY_DAYS). */
export const catalogOf = (ctx: Pick<PartyContext, 'config'>): DutySpec[] => dutyCatalog(ctx.config.dutyDays);

export const dutySpec = (ctx: Pick<PartyContext, 'config'>, code: string): DutySpec | undefined =>
  catalogOf(ctx).find((d) => d.code === code);

/**
 * Adds a duty record (flushed with the caller's other changes); a contact duty moves lastContactAt forward.
 */
export function addDutyRecord(
  ctx: PartyContext,
  record: MobilityRecord,
  dutyCode: string,
  data: { organizationId: string | null; performedAt: Date; source: DutySource; note?: string | null },
): DutyRecord {
  const spec = dutySpec(ctx, dutyCode);
  const performedOn = shanghaiDate(data.performedAt);
  if (spec?.isContact && data.performedAt.getTime() > record.lastContactAt.getTime()) {
    record.lastContactAt = data.performedAt;
    record.lastContactOn = performedOn;
  }
  const lastMet = lastMetProperty(dutyCode);
  const previous = record[lastMet] as string | null | undefined;
  if (!previous || performedOn > previous) Object.assign(record, { [lastMet]: performedOn });
  return ctx.em.create(DutyRecord, {
    mobilityRecord: record.id as never,
    dutyCode,
    organization: (data.organizationId ?? null) as never,
    performedAt: data.performedAt,
    performedOn,
    note: data.note ?? null,
    source: data.source,
    recordedBy: ctx.viewer.subject ?? 'system',
    recordedAt: ctx.clock.now(),
  });
}

/** duties met only through their workflow, so a record by hand cannot stand in for the decision */
const BY_WORKFLOW_ONLY: Record<string, string> = {
  OUTFLOW_1: 'registerOutflow',
  OUTFLOW_3: 'decideProbation',
  OUTFLOW_6: 'recommendCommendation or declareNoCommendation',
};

/**
 * recordDuty: an outflow duty by an administrator of the record's outflow organization, an inflow duty by one of
 * its inflow organization, a member duty by the member itself; the wrong holder is FORBIDDEN.
 */
export async function recordDuty(ctx: PartyContext, input: RecordDutyInput): Promise<DutyRecord> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  const spec = dutySpec(ctx, input.dutyCode);
  if (!spec) throw badInput(`unknown duty ${input.dutyCode}`, { field: 'dutyCode' });
  const workflow = BY_WORKFLOW_ONLY[spec.code];
  if (workflow) throw badInput(`${spec.code} is met by ${workflow}, not by hand`, { field: 'dutyCode' });
  const record = await findOr404(ctx, MobilityRecord, input.mobilityRecordId, 'mobility record');
  const admin = hasRole(ctx.viewer, ...ADMIN_ROLES);
  let organizationId: string | null = null;
  switch (spec.holder) {
    case DutyHolder.OUTFLOW_ORGANIZATION:
      if (!admin || !reaches(access.manage, record.outflowPath)) {
        throw forbidden(`${spec.code} is the outflow organization’s duty`);
      }
      organizationId = record.outflowOrganization.id;
      break;
    case DutyHolder.INFLOW_ORGANIZATION:
      if (!admin || !reaches(access.manage, record.inflowPath)) {
        throw forbidden(`${spec.code} is the inflow organization’s duty`);
      }
      organizationId = record.inflowOrganization!.id;
      break;
    case DutyHolder.MEMBER:
      if (!isSelf(access, record.member.id)) throw forbidden(`${spec.code} is the member’s own duty`);
      break;
  }
  requireActive(record);
  const now = ctx.clock.now();
  const performedAt = input.performedAt ?? now;
  if (performedAt.getTime() > now.getTime()) {
    throw badInput('performedAt must not be in the future', { field: 'performedAt' });
  }
  if (spec.code === 'MEMBER_1' && shanghaiDate(performedAt) > record.departedOn) {
    throw badInput('MEMBER_1 is the report before leaving: performedAt must be on or before departedOn', {
      field: 'performedAt',
    });
  }
  const note = optionalText(input.note, 'note', 1000);
  const duty = addDutyRecord(ctx, record, spec.code, {
    organizationId,
    performedAt,
    source: DutySource.RECORDED,
    note,
  });
  await ctx.em.flush();
  return duty;
}

export const factsOf = (r: MobilityRecord): RecordFacts & YearlyFacts => ({
  registeredOn: r.registeredOn,
  mobileFrom: r.mobileFrom,
  probationExtendedOn: r.probationExtendedOn ?? null,
  departedOn: r.departedOn,
  reportedOn: r.reportedOn ?? null,
  endedOn: r.endedOn ?? null,
  probationEndsOn: r.probationEndsOn ?? null,
  outflowContactSince: r.outflowContactSince ?? null,
  inflowContactSince: r.inflowContactSince ?? null,
});

/** The duties of a record whose deadline or cadence has lapsed as of today. */
export async function overdueDutiesOf(ctx: PartyContext, record: MobilityRecord): Promise<DutySpec[]> {
  const catalog = catalogOf(ctx);
  const events = await loadDutyRecords(ctx, record.id);
  return overdueDuties(catalog, factsOf(record), events, today(ctx));
}
