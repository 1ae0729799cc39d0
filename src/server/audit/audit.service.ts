/**
 * Reading the audit trail: TRADING_CENTER reads LAND and SIGN_IN entries; ORG_DEPARTMENT reads PARTY entries
 * of actors within its scope (all of them, and SIGN_IN entries too, without a scope claim). Newest first.
 */
import type { FilterQuery } from '@mikro-orm/core';
import { requireRole } from '../../common/access';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { hasRole, Role } from '../../common/viewer';
import type { Context } from '../../common/request/context';
import { AuditDomain } from './audit.domains';
import { AuditEntry } from './audit-entry.entity';
import { scopeResolver } from '../../common/request/audit.scope';
import type { AuditEntryFilter } from './audit.types';

async function visibleTo(ctx: Context): Promise<FilterQuery<AuditEntry>[]> {
  requireRole(ctx.viewer, Role.TRADING_CENTER, Role.ORG_DEPARTMENT);
  const visible: FilterQuery<AuditEntry>[] = [];
  if (hasRole(ctx.viewer, Role.TRADING_CENTER))
    visible.push({ domain: { $in: [AuditDomain.LAND, AuditDomain.SIGN_IN] } });
  if (hasRole(ctx.viewer, Role.ORG_DEPARTMENT)) {
    const scope = ctx.viewer.scopeOrganizationId;
    if (!scope) visible.push({ domain: { $in: [AuditDomain.PARTY, AuditDomain.SIGN_IN] } });
    else {
      const within = await scopeResolver().organizationsWithin(scope, ctx);
      visible.push({ domain: AuditDomain.PARTY, scopeOrganizationId: { $in: within } });
    }
  }
  return visible;
}

export async function listAuditEntries(
  ctx: Context,
  args: PageArgs,
  filter?: AuditEntryFilter | null,
): Promise<Connection<AuditEntry>> {
  const page = toPage(args);
  const where: FilterQuery<AuditEntry>[] = [{ $or: await visibleTo(ctx) }];
  if (filter?.subject) where.push({ subject: filter.subject });
  if (filter?.field) where.push({ field: filter.field });
  if (filter?.outcome) where.push({ outcome: filter.outcome });
  if (filter?.from) where.push({ occurredAt: { $gte: filter.from } });
  if (filter?.to) where.push({ occurredAt: { $lt: filter.to } });
  const [items, total] = await ctx.em.findAndCount(
    AuditEntry,
    { $and: where },
    { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}
