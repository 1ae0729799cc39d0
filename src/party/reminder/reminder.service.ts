/** 督促 as its holders see them: administrators whose scope holds the organization a reminder belongs to. */
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import { partyAccess, reaches, requireAnalyst, type Reach } from '../party.policy';
import { FALSE, TRUE, toFilter, within } from '../party.sql';
import { findOrNull } from '../party.support';
import { Reminder } from './reminder.entity';
import { ReminderStatus, type ReminderFilter } from './reminder.types';

const reachSql = (reach: Reach) =>
  reach.all ? TRUE : reach.path ? within('{a}.holder_path', reach.path) : FALSE;

/**
 * ORG_ADMIN / ORG_DEPARTMENT (the holders), and ANALYST like any list: the reminders of organizations in their
 * scope, open ones by default.
 */
export async function listReminders(
  ctx: PartyContext,
  args: PageArgs,
  filter?: ReminderFilter | null,
): Promise<Connection<Reminder>> {
  const access = await requireAnalyst(ctx);
  const page = toPage(args);
  const where: object[] = [toFilter(reachSql(access.read))];
  if (filter?.withinId) {
    const root = await findOrNull(ctx, PartyOrganization, filter.withinId);
    if (!root) return toConnection([], 0, page);
    where.push(toFilter(within('{a}.holder_path', root.path)));
  }
  where.push({ status: filter?.status ?? ReminderStatus.OPEN });
  if (filter?.kind) where.push({ kind: filter.kind });
  const [items, total] = await ctx.em.findAndCount(
    Reminder,
    { $and: where },
    { orderBy: { openedOn: 'desc', dueOn: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

/** node(id): staff whose read scope holds the reminder's organization. */
export async function canSeeReminder(ctx: PartyContext, holderPath: string): Promise<boolean> {
  if (ctx.viewer.subject === null) return false;
  const access = await partyAccess(ctx);
  return access.analyst && reaches(access.read, holderPath);
}

/** reminderOpened: the holders — administrators whose scope holds the reminder's organization. */
export async function holdsReminder(ctx: PartyContext, holderPath: string): Promise<boolean> {
  if (ctx.viewer.subject === null) return false;
  return reaches((await partyAccess(ctx)).manage, holderPath);
}
