import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { DemocraticEvaluation } from './evaluation.entity';
import { recordEvaluation } from './evaluation.service';
import { RecordEvaluationInput } from './evaluation.types';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';

@Resolver(() => DemocraticEvaluation)
export class EvaluationResolver {
  @Mutation(() => DemocraticEvaluation, {
    description:
      '民主评议 by the inflow organization (ORG_ADMIN / ORG_DEPARTMENT administering it); notified to the member’s formal organization (INFLOW_5). NOT_MOBILE_ELIGIBLE without an active mobility record; BAD_USER_INPUT when the organization is not on the inflow side or the year is out of range; FORBIDDEN outside the scope; CONFLICT for a second evaluation of the same year',
  })
  recordEvaluation(
    @Arg('input', () => RecordEvaluationInput, { description: 'the evaluation' })
    input: RecordEvaluationInput,
    @Ctx() ctx: Context,
  ) {
    return recordEvaluation(ctx, input);
  }

  @FieldResolver(() => PartyMember, { description: 'the member evaluated' })
  member(@Root() e: DemocraticEvaluation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, e.member);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the inflow organization that evaluated' })
  organization(@Root() e: DemocraticEvaluation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, e.organization);
  }

  @FieldResolver(() => PartyOrganization, {
    description: 'the formal organization the result was notified to',
  })
  notifiedOrganization(@Root() e: DemocraticEvaluation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, e.notifiedOrganization);
  }
}
