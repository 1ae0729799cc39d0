import type { ScopeResolver } from '../../common/request/audit.scope';
import { isUuid } from '../../common/ids';
import { PartyOrganization } from './organization.entity';
import { subtreeRange } from './organization.rules';

/** "Within scope" for the audit trail: the organization and every organization below it (one indexed range). */
export const partyScopeResolver: ScopeResolver = {
  async organizationsWithin(scopeOrganizationId, ctx) {
    if (!isUuid(scopeOrganizationId)) return [scopeOrganizationId];
    const scope = await ctx.em.findOne(PartyOrganization, { id: scopeOrganizationId }, { fields: ['path'] });
    if (!scope) return [scopeOrganizationId];
    const { from, to } = subtreeRange(scope.path);
    const rows = await ctx.em.find(
      PartyOrganization,
      { path: to ? { $gte: from, $lt: to } : { $gte: from } },
      { fields: ['id'] },
    );
    return rows.map((r) => r.id);
  },
};
