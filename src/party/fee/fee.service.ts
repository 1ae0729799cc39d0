import type { FilterQuery } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { formatMoney } from '../../common/money';
import { FeeExpense, PartyFeeAllocation } from './fee.entity';
import type { AllocateFeesInput, RecordFeeExpenseInput } from './fee.types';
import { isCommittee, isWithin } from '../organization/organization.rules';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import {
  partyAccess,
  pathsVisibleSql,
  reaches,
  requireAdmin,
  requireManages,
  requirePartyViewer,
} from '../party.policy';
import { anyOf, cond, toFilter, within } from '../party.sql';
import { notInFuture, text } from '../party.input';
import { findOr404, findOrNull, today } from '../party.support';

export async function canSeeAllocation(ctx: PartyContext, a: PartyFeeAllocation): Promise<boolean> {
  const access = await partyAccess(ctx);
  return access.partyViewer && (reaches(access.read, a.fromPath) || reaches(access.read, a.toPath));
}

/** Allocations to the organization or below it, and those it made; within the viewer's scope. */
export async function listAllocations(
  ctx: PartyContext,
  organizationId: string,
): Promise<PartyFeeAllocation[]> {
  const access = await requirePartyViewer(ctx);
  const org = await findOrNull(ctx, PartyOrganization, organizationId);
  if (!org) return [];
  return ctx.em.find(
    PartyFeeAllocation,
    {
      $and: [
        toFilter(pathsVisibleSql(access, '{a}.from_path', '{a}.to_path')),
        toFilter(anyOf(within('{a}.to_path', org.path), cond('{a}.from_organization_id = ?', org.id))),
      ],
    } as FilterQuery<PartyFeeAllocation>,
    { orderBy: { allocatedOn: 'desc', id: 'asc' }, limit: 500 },
  );
}

/** 划拨党费: an organization department, from a committee in its scope to an organization below it. */
export async function allocateFees(ctx: PartyContext, input: AllocateFeesInput): Promise<PartyFeeAllocation> {
  const access = await requireAdmin(ctx, true);
  const from = await findOr404(ctx, PartyOrganization, input.fromOrganizationId, 'organization');
  requireManages(access, from.path);
  const to = await findOr404(ctx, PartyOrganization, input.toOrganizationId, 'organization');
  if (!isCommittee(from.type)) {
    throw badInput('party fees are allocated by a committee (党委/党工委)', { field: 'fromOrganizationId' });
  }
  if (to.id === from.id || !isWithin(to.path, from.path)) {
    throw badInput('fees go to an organization below the allocating committee', {
      field: 'toOrganizationId',
    });
  }
  if (input.amount <= 0) throw badInput('amount must be above 0', { field: 'amount' });
  const allocation = ctx.em.create(PartyFeeAllocation, {
    fromOrganization: from.id as never,
    fromPath: from.path,
    toOrganization: to.id as never,
    toPath: to.path,
    purpose: input.purpose,
    amount: input.amount,
    spent: 0,
    allocatedOn: notInFuture(input.allocatedOn, today(ctx), 'allocatedOn'),
    createdAt: ctx.clock.now(),
  });
  await ctx.em.flush();
  return allocation;
}

/**
 * An expense against an allocation, by administrators of the receiving organization. The balance check and the
 * debit are one conditional UPDATE (… where amount − spent ≥ x), with the expense inserted in the same
 * transaction: of two racing expenses that together overspend, exactly one succeeds.
 */
export async function recordFeeExpense(
  ctx: PartyContext,
  input: RecordFeeExpenseInput,
): Promise<PartyFeeAllocation> {
  const access = await requireAdmin(ctx);
  const allocation = await findOr404(ctx, PartyFeeAllocation, input.allocationId, 'allocation');
  requireManages(access, allocation.toPath, 'allocation');
  if (input.amount <= 0) throw badInput('amount must be above 0', { field: 'amount' });
  const spentOn = notInFuture(input.spentOn, today(ctx), 'spentOn');
  if (spentOn < allocation.allocatedOn) {
    throw badInput('spentOn must not be before the allocation', { field: 'spentOn' });
  }
  const note = text(input.note, 'note', 1000);
  await ctx.em.transactional(async (em) => {
    const debited = await em.getConnection().execute<{
      affectedRows: number;
    }>('update party_fee_allocation set spent = spent + ? where id = ? and amount - spent >= ?', [input.amount, allocation.id, input.amount], 'run', em.getTransactionContext());
    if (debited.affectedRows !== 1) {
      const [row] = await em
        .getConnection()
        .execute<
          { balance: number | string }[]
        >('select amount - spent as balance from party_fee_allocation where id = ?', [allocation.id], 'all', em.getTransactionContext());
      throw new DomainError(ErrorCode.INSUFFICIENT_FUNDS, 'the expense exceeds the allocation’s balance', {
        balance: formatMoney(Number(row.balance)),
      });
    }
    em.create(FeeExpense, {
      allocation: allocation.id as never,
      amount: input.amount,
      spentOn,
      note,
      recordedBy: ctx.viewer.subject ?? 'system',
      recordedAt: ctx.clock.now(),
    });
  });
  await ctx.em.refresh(allocation);
  return allocation;
}
