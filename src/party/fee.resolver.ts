import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Fen } from '../common/money';
import { MoneyScalar } from '../common/scalars';
import type { Context } from '../server/context';
import { FeeExpense, PartyFeeAllocation } from './fee.entity';
import { allocateFees, listAllocations, recordFeeExpense } from './fee.service';
import { AllocateFeesInput, RecordFeeExpenseInput } from './fee.types';
import { PartyOrganization } from './organization.entity';
import { loadMany, loadRef } from './party.loaders';

@Resolver(() => PartyFeeAllocation)
export class FeeResolver {
  @Query(() => [PartyFeeAllocation], {
    description: '党费划拨 to the organization or below it, and those it made, in your scope; newest first',
  })
  feeAllocations(@Arg('organizationId', () => ID) organizationId: string, @Ctx() ctx: Context) {
    return listAllocations(ctx, organizationId);
  }

  @Mutation(() => PartyFeeAllocation, {
    description: 'ORG_DEPARTMENT: 划拨党费 from a committee in scope to one below it',
  })
  allocateFees(@Arg('input', () => AllocateFeesInput) input: AllocateFeesInput, @Ctx() ctx: Context) {
    return allocateFees(ctx, input);
  }

  @Mutation(() => PartyFeeAllocation, {
    description: 'administrators of the receiving organization; never overspends (INSUFFICIENT_FUNDS)',
  })
  recordFeeExpense(
    @Arg('input', () => RecordFeeExpenseInput) input: RecordFeeExpenseInput,
    @Ctx() ctx: Context,
  ) {
    return recordFeeExpense(ctx, input);
  }

  @FieldResolver(() => PartyOrganization)
  fromOrganization(@Root() a: PartyFeeAllocation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.fromOrganization);
  }

  @FieldResolver(() => PartyOrganization)
  toOrganization(@Root() a: PartyFeeAllocation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.toOrganization);
  }

  @FieldResolver(() => MoneyScalar, { description: 'amount − spent' })
  balance(@Root() a: PartyFeeAllocation): Fen {
    return a.amount - a.spent;
  }

  @FieldResolver(() => [FeeExpense], { description: 'oldest first' })
  expenses(@Root() a: PartyFeeAllocation, @Ctx() ctx: Context) {
    return loadMany(ctx, FeeExpense, 'allocation', a.id, { spentOn: 'asc', recordedAt: 'asc' });
  }
}
