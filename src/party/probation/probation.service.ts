/** 预备期满的决定 by the member's formal branch; meets OUTFLOW_3 of its active mobility record. */
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import { PartyMember } from '../member/member.entity';
import { MemberStatus } from '../member/member.types';
import { MobilityRecord } from '../mobility/mobility.entity';
import { closeRecord } from '../mobility/mobility.service';
import { MobilityEndReason } from '../mobility/mobility.types';
import type { PartyContext } from '../party.context';
import { requireAdmin, requireManages } from '../party.policy';
import { findOr404, instantOn, today } from '../party.support';
import { addMonths } from '../../common/time';
import { ProbationDecision } from './probation.entity';
import { checkProbationDecision } from './probation.rules';
import { ProbationOutcome, type DecideProbationInput } from './probation.types';

const NOTES: Record<ProbationOutcome, string> = {
  CONVERT: '预备党员转正',
  EXTEND: '延长预备期',
  CANCEL: '取消预备党员资格',
};

/**
 * ORG_ADMIN / ORG_DEPARTMENT whose scope holds the member's formal organization (for an outflow member: the
 * outflow branch). CONVERT makes the member FULL; EXTEND moves the end of probation (member and active record)
 * so OUTFLOW_3 falls due again; CANCEL ends the member's probation and its active mobility record.
 */
export async function decideProbation(
  ctx: PartyContext,
  input: DecideProbationInput,
): Promise<ProbationDecision> {
  const access = await requireAdmin(ctx);
  const member = await findOr404(ctx, PartyMember, input.memberId, 'member');
  requireManages(access, member.formalPath, 'member');
  const checked = checkProbationDecision(member, input, today(ctx));
  const endsAt = member.probationEndsAt ?? addMonths(member.joinedAt, 12);
  const active = await ctx.em.findOne(MobilityRecord, { activeKey: member.id });
  const now = ctx.clock.now();
  const decision = ctx.em.create(ProbationDecision, {
    member: member.id as never,
    organization: member.formalOrganization.id as never,
    mobilityRecord: (active?.id ?? null) as never,
    outcome: input.outcome,
    meetingOn: input.meetingOn,
    probationEndsAt: endsAt,
    ...checked,
    recordedBy: ctx.viewer.subject ?? 'system',
    recordedAt: now,
  });
  if (active?.probationEndsOn) {
    addDutyRecord(ctx, active, 'OUTFLOW_3', {
      organizationId: active.outflowOrganization.id,
      performedAt: instantOn(input.meetingOn, now),
      source: DutySource.PROBATION_DECISION,
      note: checked.reason ? `${NOTES[input.outcome]}：${checked.reason}` : NOTES[input.outcome],
    });
  }
  switch (input.outcome) {
    case ProbationOutcome.CONVERT:
      member.status = MemberStatus.FULL;
      member.fullMembershipOn = input.meetingOn;
      break;
    case ProbationOutcome.EXTEND:
      member.probationEndsAt = checked.newProbationEndsAt;
      member.probationExtendedOn = input.meetingOn;
      if (active) {
        active.probationEndsOn = checked.newProbationEndsAt;
        active.probationExtendedOn = input.meetingOn;
      }
      break;
    case ProbationOutcome.CANCEL:
      member.status = MemberStatus.PROBATION_CANCELLED;
      if (active) {
        const endedOn = input.meetingOn < active.registeredOn ? active.registeredOn : input.meetingOn;
        closeRecord(active, endedOn, MobilityEndReason.OTHER);
      }
      break;
  }
  await ctx.em.flush();
  return decision;
}

/** confirmFullMembership: CONVERT under its older name. */
export async function confirmFullMembership(
  ctx: PartyContext,
  memberId: string,
  confirmedOn: string,
): Promise<PartyMember> {
  const decision = await decideProbation(ctx, {
    memberId,
    outcome: ProbationOutcome.CONVERT,
    meetingOn: confirmedOn,
  });
  return decision.member.loadOrFail();
}

/** A member's decisions, oldest first (the member itself was already checked by the caller). */
export const decisionsOf = (ctx: PartyContext, memberId: string): Promise<ProbationDecision[]> =>
  ctx.em.find(ProbationDecision, { member: memberId }, { orderBy: { meetingOn: 'asc', recordedAt: 'asc' } });
