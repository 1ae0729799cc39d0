import { badInput } from '../../common/errors';
import { parseDecimal, toScaled } from '../../common/decimal';
import { actingFor } from '../daily/daily.support';
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import type { PartyContext } from '../party.context';
import { notInFuture, text } from '../party.input';
import { instantOn, today } from '../party.support';
import { RoleModelRecord } from './role-model.entity';
import type { RecordRoleModelInput } from './role-model.types';

function checkHours(hours: string | null | undefined): string | null {
  if (hours == null) return null;
  parseDecimal(hours);
  if (hours.startsWith('-')) throw badInput('hours must not be negative', { field: 'hours' });
  if ((hours.split('.')[1] ?? '').length > 2)
    throw badInput('hours has at most 2 decimals', { field: 'hours' });
  if (toScaled(hours, 2) > 10_000_00n) throw badInput('hours must be at most 10000', { field: 'hours' });
  return hours;
}

/** 作用发挥 (示范岗、责任区、承诺践诺、志愿服务); meets MEMBER_5 for an active mobility record, on its first day. */
export async function recordRoleModel(
  ctx: PartyContext,
  input: RecordRoleModelInput,
): Promise<RoleModelRecord> {
  const { member, organization, active } = await actingFor(ctx, input.memberId, input.organizationId);
  const day = today(ctx);
  const startedOn = notInFuture(input.startedOn, day, 'startedOn');
  if (input.endedOn && input.endedOn < startedOn) {
    throw badInput('endedOn must not be before startedOn', { field: 'endedOn' });
  }
  const description = text(input.description, 'description', 1000);
  const row = ctx.em.create(RoleModelRecord, {
    member: member.id as never,
    organization: organization.id as never,
    kind: input.kind,
    description,
    startedOn,
    endedOn: input.endedOn ?? null,
    hours: checkHours(input.hours),
    recordedAt: ctx.clock.now(),
  });
  if (active) {
    addDutyRecord(ctx, active, 'MEMBER_5', {
      organizationId: organization.id,
      performedAt: instantOn(startedOn, ctx.clock.now()),
      source: DutySource.ROLE_MODEL,
      note: description,
    });
  }
  await ctx.em.flush();
  return row;
}
