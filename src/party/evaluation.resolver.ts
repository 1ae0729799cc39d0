import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../server/context';
import { DemocraticEvaluation } from './evaluation.entity';
import { recordEvaluation } from './evaluation.service';
import { RecordEvaluationInput } from './evaluation.types';
import { PartyMember } from './member.entity';
import { PartyOrganization } from './organization.entity';
import { loadRef } from './party.loaders';

@Resolver(() => DemocraticEvaluation)
export class EvaluationResolver {
  @Mutation(() => DemocraticEvaluation, {
    description:
      '民主评议 by the inflow organization; notified to the member’s formal organization (INFLOW_5)',
  })
  recordEvaluation(
    @Arg('input', () => RecordEvaluationInput) input: RecordEvaluationInput,
    @Ctx() ctx: Context,
  ) {
    return recordEvaluation(ctx, input);
  }

  @FieldResolver(() => PartyMember)
  member(@Root() e: DemocraticEvaluation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, e.member);
  }

  @FieldResolver(() => PartyOrganization)
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
