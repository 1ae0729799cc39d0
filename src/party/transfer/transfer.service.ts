import type { FilterQuery } from '@mikro-orm/core';
import { ref } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode, forbidden, unauthenticated } from '../../common/errors';
import { hasRole } from '../../common/viewer';
import { PartyMember } from '../member/member.entity';
import { MobilityRecord } from '../mobility/mobility.entity';
import { closeRecord } from '../mobility/mobility.service';
import { MobilityEndReason } from '../mobility/mobility.types';
import { PartyOrganization } from '../organization/organization.entity';
import { OrganizationType } from '../organization/organization.types';
import type { PartyContext } from '../party.context';
import {
  ADMIN_ROLES,
  isSelf,
  partyAccess,
  pathsVisibleSql,
  reaches,
  requireAdmin,
  requireManages,
  requirePartyViewer,
} from '../party.policy';
import { anyOf, cond, FALSE, toFilter, within } from '../party.sql';
import { optionalText, text } from '../party.input';
import { findOr404, findOrNull, flushOrConflict, today } from '../party.support';
import { RelationshipTransfer } from './transfer.entity';
import { TransferStatus, type RequestTransferInput } from './transfer.types';

export async function canSeeTransfer(ctx: PartyContext, t: RelationshipTransfer): Promise<boolean> {
  const access = await partyAccess(ctx);
  return (
    access.partyViewer &&
    (isSelf(access, t.member.id) || reaches(access.read, t.fromPath) || reaches(access.read, t.toPath))
  );
}

/** Transfers into or out of the organization's subtree that the viewer may read. */
export async function listTransfers(
  ctx: PartyContext,
  organizationId: string,
  status?: TransferStatus[] | null,
): Promise<RelationshipTransfer[]> {
  const access = await requirePartyViewer(ctx);
  const org = await findOrNull(ctx, PartyOrganization, organizationId);
  if (!org) return [];
  const visible = anyOf(
    pathsVisibleSql(access, '{a}.from_path', '{a}.to_path'),
    access.memberId ? cond('{a}.member_id = ?', access.memberId) : FALSE,
  );
  return ctx.em.find(
    RelationshipTransfer,
    {
      $and: [
        toFilter(visible),
        toFilter(anyOf(within('{a}.from_path', org.path), within('{a}.to_path', org.path))),
        status?.length ? { status: { $in: status } } : {},
      ],
    } as FilterQuery<RelationshipTransfer>,
    { orderBy: { requestedAt: 'desc', id: 'asc' }, limit: 500 },
  );
}

/** 申请转接: the member, or an administrator of its formal organization, to a branch elsewhere. */
export async function requestTransfer(
  ctx: PartyContext,
  input: RequestTransferInput,
): Promise<RelationshipTransfer> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  const member = await findOr404(ctx, PartyMember, input.memberId, 'member');
  const mayRequest =
    isSelf(access, member.id) ||
    (hasRole(ctx.viewer, ...ADMIN_ROLES) && reaches(access.manage, member.formalPath));
  if (!mayRequest) throw forbidden('only the member or its formal organization requests a transfer');
  const to = await findOr404(ctx, PartyOrganization, input.toOrganizationId, 'organization');
  if (to.type !== OrganizationType.BRANCH) {
    throw badInput('a relationship is transferred to a branch (党支部)', { field: 'toOrganizationId' });
  }
  if (to.id === member.formalOrganization.id) {
    throw badInput('the member already belongs to that branch', { field: 'toOrganizationId' });
  }
  const note = optionalText(input.note, 'note', 1000);
  if (await ctx.em.findOne(RelationshipTransfer, { openKey: member.id })) {
    throw new DomainError(ErrorCode.CONFLICT, 'the member already has a transfer waiting for a decision');
  }
  const fromOrg = await findOr404(ctx, PartyOrganization, member.formalOrganization.id, 'organization');
  const transfer = ctx.em.create(RelationshipTransfer, {
    member: member.id as never,
    openKey: member.id,
    fromOrganization: fromOrg.id as never,
    fromPath: fromOrg.path,
    toOrganization: to.id as never,
    toPath: to.path,
    status: TransferStatus.REQUESTED,
    requestedAt: ctx.clock.now(),
    note,
    requestNote: note,
  });
  await flushOrConflict(ctx, 'the member already has a transfer waiting for a decision');
  return transfer;
}

async function openTransferForReceiver(ctx: PartyContext, id: string): Promise<RelationshipTransfer> {
  const access = await requireAdmin(ctx);
  const transfer = await findOr404(ctx, RelationshipTransfer, id, 'transfer');
  requireManages(access, transfer.toPath, 'transfer');
  if (transfer.status !== TransferStatus.REQUESTED) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `the transfer is already ${transfer.status}`);
  }
  return transfer;
}

/**
 * The receiving side completes it: the member's formal organization moves, and an active mobility record ends
 * as TRANSFERRED — in one flush.
 */
export async function completeTransfer(ctx: PartyContext, id: string): Promise<RelationshipTransfer> {
  const transfer = await openTransferForReceiver(ctx, id);
  const member = await findOr404(ctx, PartyMember, transfer.member.id, 'member');
  const to = await findOr404(ctx, PartyOrganization, transfer.toOrganization.id, 'organization');
  member.formalOrganization = ref(to);
  member.formalPath = to.path;
  const active = await ctx.em.findOne(MobilityRecord, { activeKey: member.id });
  if (active) {
    const day = today(ctx);
    closeRecord(active, day < active.registeredOn ? active.registeredOn : day, MobilityEndReason.TRANSFERRED);
  }
  transfer.status = TransferStatus.COMPLETED;
  transfer.decidedAt = ctx.clock.now();
  transfer.openKey = null;
  await ctx.em.flush();
  return transfer;
}

export async function rejectTransfer(
  ctx: PartyContext,
  id: string,
  note: string,
): Promise<RelationshipTransfer> {
  const transfer = await openTransferForReceiver(ctx, id);
  transfer.note = text(note, 'note', 1000);
  transfer.status = TransferStatus.REJECTED;
  transfer.decidedAt = ctx.clock.now();
  transfer.openKey = null;
  await ctx.em.flush();
  return transfer;
}
