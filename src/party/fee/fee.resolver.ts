import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Fen } from '../../common/money';
import { MoneyScalar } from '../../common/scalars';
import type { Context } from '../../common/request/context';
import { FeeExpense, PartyFeeAllocation } from './fee.entity';
import { allocateFees, listAllocations, recordFeeExpense } from './fee.service';
import { AllocateFeesInput, RecordFeeExpenseInput } from './fee.types';
import { PartyOrganization } from '../organization/organization.entity';
import { loadMany, loadRef } from '../party.loaders';

@Resolver(() => PartyFeeAllocation)
export class FeeResolver {
  @Query(() => [PartyFeeAllocation], {
    description:
      '党费划拨 to the organization or below it, and those it made, in your scope; newest first (any party role)',
  })
  feeAllocations(
    @Arg('organizationId', () => ID, { description: 'the organization whose allocations to list' })
    organizationId: string,
    @Ctx() ctx: Context,
  ) {
    return listAllocations(ctx, organizationId);
  }

  @Mutation(() => PartyFeeAllocation, {
    description:
      'ORG_DEPARTMENT: 划拨党费 from a committee in scope to an organization below it. FORBIDDEN outside the scope; BAD_USER_INPUT (not a committee, not below it, amount not above 0)',
  })
  allocateFees(
    @Arg('input', () => AllocateFeesInput, { description: 'the allocation' }) input: AllocateFeesInput,
    @Ctx() ctx: Context,
  ) {
    return allocateFees(ctx, input);
  }

  @Mutation(() => PartyFeeAllocation, {
    description:
      '党费支出 — ORG_ADMIN / ORG_DEPARTMENT administering the receiving organization; never overspends (INSUFFICIENT_FUNDS). FORBIDDEN outside the scope; BAD_USER_INPUT',
  })
  recordFeeExpense(
    @Arg('input', () => RecordFeeExpenseInput, { description: 'the expense' }) input: RecordFeeExpenseInput,
    @Ctx() ctx: Context,
  ) {
    return recordFeeExpense(ctx, input);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the committee that allocated the fees' })
  fromOrganization(@Root() a: PartyFeeAllocation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.fromOrganization);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the organization that receives and spends them' })
  toOrganization(@Root() a: PartyFeeAllocation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.toOrganization);
  }

  @FieldResolver(() => MoneyScalar, { description: 'amount − spent: what may still be spent, in yuan' })
  balance(@Root() a: PartyFeeAllocation): Fen {
    return a.amount - a.spent;
  }

  @FieldResolver(() => [FeeExpense], { description: '党费支出 — the expenses, oldest first' })
  expenses(@Root() a: PartyFeeAllocation, @Ctx() ctx: Context) {
    return loadMany(ctx, FeeExpense, 'allocation', a.id, { spentOn: 'asc', recordedAt: 'asc' });
  }
}
