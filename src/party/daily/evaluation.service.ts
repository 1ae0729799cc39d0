import { badInput } from '../../common/errors';
import { shanghaiDate } from '../../common/time';
import { actingFor } from './daily.support';
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import { DemocraticEvaluation } from './evaluation.entity';
import type { RecordEvaluationInput } from './evaluation.types';
import type { PartyContext } from '../party.context';
import { notEligible } from '../party.policy';
import { flushOrConflict } from '../party.support';

/**
 * 民主评议 by the inflow organization of the member's active record (or one on its inflow side); the result is
 * notified to the member's formal organization at once, and meets INFLOW_5.
 */
export async function recordEvaluation(
  ctx: PartyContext,
  input: RecordEvaluationInput,
): Promise<DemocraticEvaluation> {
  const { member, organization, active, side } = await actingFor(ctx, input.memberId, input.organizationId);
  if (!active) throw notEligible('the member has no active mobility record');
  if (side !== 'INFLOW') {
    throw badInput('democratic evaluation of a mobile member is done by its inflow organization', {
      field: 'organizationId',
    });
  }
  const now = ctx.clock.now();
  const thisYear = Number(shanghaiDate(now).slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear) {
    throw badInput(`year must be between 2000 and ${thisYear}`, { field: 'year' });
  }
  const evaluation = ctx.em.create(DemocraticEvaluation, {
    member: member.id as never,
    organization: organization.id as never,
    year: input.year,
    result: input.result,
    notifiedOrganization: member.formalOrganization.id as never,
    notifiedFormalOrganizationAt: now,
    recordedAt: now,
  });
  addDutyRecord(ctx, active, 'INFLOW_5', {
    organizationId: organization.id,
    performedAt: now,
    source: DutySource.EVALUATION,
    note: `${input.year} 年度民主评议`,
  });
  await flushOrConflict(ctx, `the member already has an evaluation by this organization for ${input.year}`);
  return evaluation;
}
