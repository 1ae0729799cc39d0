/** What evaluations, care and role-model records share: an organization in scope acting for a member. */
import { badInput, forbidden } from '../../common/errors';
import { PartyMember } from '../member/member.entity';
import { MobilityRecord } from '../mobility/mobility.entity';
import { memberSide } from '../mobility/mobility.rules';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import { canReadMember, partyAccess, reaches, requireAdmin, requireManages } from '../party.policy';
import { findOr404 } from '../party.support';
import { memberFacts } from '../member/member.service';

export interface Acting {
  member: PartyMember;
  organization: PartyOrganization;
  active: MobilityRecord | null;
  side: 'INFLOW' | 'FORMAL';
}

/**
 * An administrator acts through an organization in its scope, for a member of that organization's formal side
 * or of the inflow side of the member's active record (BAD_USER_INPUT otherwise).
 */
export async function actingFor(
  ctx: PartyContext,
  memberId: string,
  organizationId: string,
): Promise<Acting> {
  const access = await requireAdmin(ctx);
  const member = await findOr404(ctx, PartyMember, memberId, 'member');
  const organization = await findOr404(ctx, PartyOrganization, organizationId, 'organization');
  requireManages(access, organization.path);
  const active = await ctx.em.findOne(MobilityRecord, { activeKey: member.id });
  if (!reaches(access.manage, member.formalPath) && !reaches(access.manage, active?.inflowPath)) {
    throw forbidden('this member is outside your scope');
  }
  const side = memberSide(organization.path, member, active);
  if (!side) {
    throw badInput('the member neither belongs to this organization nor has reported to it', {
      field: 'organizationId',
    });
  }
  return { member, organization, active, side };
}

/** Records about a member (evaluations, care, role models): readable with the member or in the organization's scope. */
export async function canSeeMemberRecord(
  ctx: PartyContext,
  row: { member: { id: string }; organization: { id: string } },
): Promise<boolean> {
  const access = await partyAccess(ctx);
  if (!access.partyViewer) return false;
  const [member, org] = await Promise.all([
    ctx.em.findOne(PartyMember, { id: row.member.id }),
    ctx.em.findOne(PartyOrganization, { id: row.organization.id }),
  ]);
  if (org && reaches(access.read, org.path)) return true;
  return !!member && canReadMember(access, await memberFacts(ctx, member));
}
