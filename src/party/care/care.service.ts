import { CareRecord } from './care.entity';
import type { RecordCareInput } from './care.types';
import { actingFor } from '../daily/daily.support';
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import type { PartyContext } from '../party.context';
import { optionalText, notInFuture } from '../party.input';
import { instantOn, today } from '../party.support';

/** 关怀帮扶 by an organization of either side; on the inflow side it meets INFLOW_4. */
export async function recordCare(ctx: PartyContext, input: RecordCareInput): Promise<CareRecord> {
  const { member, organization, active, side } = await actingFor(ctx, input.memberId, input.organizationId);
  const providedOn = notInFuture(input.providedOn, today(ctx), 'providedOn');
  const note = optionalText(input.note, 'note', 1000);
  const care = ctx.em.create(CareRecord, {
    member: member.id as never,
    organization: organization.id as never,
    kind: input.kind,
    providedOn,
    amount: input.amount ?? null,
    note,
    recordedAt: ctx.clock.now(),
  });
  if (active && side === 'INFLOW') {
    addDutyRecord(ctx, active, 'INFLOW_4', {
      organizationId: organization.id,
      performedAt: instantOn(providedOn, ctx.clock.now()),
      source: DutySource.CARE,
      note,
    });
  }
  await ctx.em.flush();
  return care;
}
