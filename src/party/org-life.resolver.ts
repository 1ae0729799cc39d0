import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/pagination';
import type { Context } from '../server/context';
import { PartyMember } from './member.entity';
import { OrgLifeActivity } from './org-life.entity';
import { attendeesOf, listActivities, recordOrgLife } from './org-life.service';
import { RecordOrgLifeInput } from './org-life.types';
import { PartyOrganization } from './organization.entity';
import { loadRef } from './party.loaders';

@Resolver(() => OrgLifeActivity)
export class OrgLifeResolver {
  @Query(() => [OrgLifeActivity], {
    description:
      'activities of the organization and those below it, newest first (a member: those it attended)',
  })
  orgLifeActivities(
    @Arg('organizationId', () => ID) organizationId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listActivities(ctx, organizationId, page);
  }

  @Mutation(() => OrgLifeActivity, {
    description: 'administrators of the organization; attendees from anywhere',
  })
  recordOrgLife(@Arg('input', () => RecordOrgLifeInput) input: RecordOrgLifeInput, @Ctx() ctx: Context) {
    return recordOrgLife(ctx, input);
  }

  @FieldResolver(() => PartyOrganization)
  organization(@Root() a: OrgLifeActivity, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.organization);
  }

  @FieldResolver(() => [PartyMember], {
    description: 'every attendee, from any organization (personal data masked as usual)',
  })
  attendees(@Root() a: OrgLifeActivity, @Ctx() ctx: Context) {
    return attendeesOf(ctx, a);
  }

  @FieldResolver(() => Int)
  async attendeeCount(@Root() a: OrgLifeActivity, @Ctx() ctx: Context) {
    return (await attendeesOf(ctx, a)).length;
  }
}
