import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadById, loadRef } from '../party.loaders';
import { Reminder } from './reminder.entity';
import { REMINDER_TOPIC, type ReminderOpened } from './reminder.job';
import { holdsReminder, listReminders } from './reminder.service';
import { ReminderFilter } from './reminder.types';

export const ReminderConnection = ConnectionType(Reminder, 'Reminder');

@Resolver(() => Reminder)
export class ReminderResolver {
  @Query(() => ReminderConnection, {
    description:
      '督促 — reminders of the organizations in your scope, opened once a day (ORG_ADMIN, ORG_DEPARTMENT; ANALYST reads them like any list; FORBIDDEN for others): members unreported past UNREPORTED_REMINDER_DAYS, duties due within REMINDER_DUE_SOON_DAYS, overdue duties; newest first',
  })
  reminders(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('filter', () => ReminderFilter, { nullable: true, description: 'default: all open ones' })
    filter: ReminderFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listReminders(ctx, args, filter);
  }

  @Subscription(() => Reminder, {
    description:
      '督促 — each reminder the daily job opens for an organization in your scope, live (ORG_ADMIN, ORG_DEPARTMENT)',
    topics: REMINDER_TOPIC,
    topicId: () => 'opened',
    filter: ({ payload, context }: { payload: ReminderOpened; context: Context }) =>
      holdsReminder(context, payload.holderPath),
  })
  reminderOpened(@Root() payload: ReminderOpened, @Ctx() ctx: Context): Promise<Reminder> {
    return ctx.em.fork().findOneOrFail(Reminder, { id: payload.id });
  }

  @FieldResolver(() => MobilityRecord, { description: '流动党员登记 — the record it is about' })
  mobilityRecord(@Root() r: Reminder, @Ctx() ctx: Context) {
    return loadRef(ctx, MobilityRecord, r.mobilityRecord);
  }

  @FieldResolver(() => PartyOrganization, { description: '责任主体 — the organization that should act' })
  organization(@Root() r: Reminder, @Ctx() ctx: Context) {
    return loadById(ctx, PartyOrganization, r.organization.id);
  }
}
