import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { DateScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';
import { ProbationDecision } from './probation.entity';
import { confirmFullMembership, decideProbation, decisionsOf } from './probation.service';
import { DecideProbationInput } from './probation.types';

@Resolver(() => ProbationDecision)
export class ProbationResolver {
  @Mutation(() => ProbationDecision, {
    description:
      '预备期满的决定 — ORG_ADMIN / ORG_DEPARTMENT of the member’s formal organization (for an outflow member, the outflow branch; FORBIDDEN otherwise): CONVERT from the day probation ends; EXTEND once by 6–12 months with a reason (OUTFLOW_3 falls due again at the new end); CANCEL with a reason (ends the active mobility record). Meets OUTFLOW_3. INVALID_TRANSITION unless PROBATIONARY or for a second EXTEND; BAD_USER_INPUT for an early CONVERT, a missing reason, months outside 6–12, a meeting day not after joinedAt or in the future',
  })
  decideProbation(
    @Arg('input', () => DecideProbationInput, { description: 'the decision' }) input: DecideProbationInput,
    @Ctx() ctx: Context,
  ) {
    return decideProbation(ctx, input);
  }

  @Mutation(() => PartyMember, {
    description:
      '预备党员转正 — decideProbation with CONVERT, meeting on confirmedOn: only on or after the day probation ends (BAD_USER_INPUT before); the same roles and codes',
  })
  confirmFullMembership(
    @Arg('memberId', () => ID, { description: 'the probationary member' }) memberId: string,
    @Arg('confirmedOn', () => DateScalar, { description: '转正日期 — the day of full membership' })
    confirmedOn: string,
    @Ctx() ctx: Context,
  ) {
    return confirmFullMembership(ctx, memberId, confirmedOn);
  }

  @FieldResolver(() => PartyMember, { description: '党员 — the member decided on' })
  member(@Root() d: ProbationDecision, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, d.member);
  }

  @FieldResolver(() => PartyOrganization, { description: '作出决定的党支部 — the branch that decided' })
  organization(@Root() d: ProbationDecision, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, d.organization);
  }

  @FieldResolver(() => MobilityRecord, {
    nullable: true,
    description: 'the member’s active mobility record at the time, whose OUTFLOW_3 the decision met',
  })
  mobilityRecord(@Root() d: ProbationDecision, @Ctx() ctx: Context) {
    return loadRef(ctx, MobilityRecord, d.mobilityRecord);
  }
}

@Resolver(() => PartyMember)
export class MemberProbationResolver {
  @FieldResolver(() => [ProbationDecision], {
    description: '预备期满的决定 — the decisions on this member’s probation, oldest first',
  })
  probationDecisions(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return decisionsOf(ctx, m.id);
  }
}
