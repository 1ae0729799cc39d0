import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { PartyMember } from '../member/member.entity';
import { OrgLifeActivity } from './org-life.entity';
import { attendeesOf, listActivities, recordOrgLife } from './org-life.service';
import { RecordOrgLifeInput } from './org-life.types';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';

@Resolver(() => OrgLifeActivity)
export class OrgLifeResolver {
  @Query(() => [OrgLifeActivity], {
    description:
      '组织生活 — activities of the organization and those below it, newest first (a member: those it attended); any party role',
  })
  orgLifeActivities(
    @Arg('organizationId', () => ID, { description: 'the organization whose subtree to list' })
    organizationId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listActivities(ctx, organizationId, page);
  }

  @Mutation(() => OrgLifeActivity, {
    description:
      '组织生活 — ORG_ADMIN / ORG_DEPARTMENT administering the organization; attendees from anywhere. Meets OUTFLOW_4 (online study) and INFLOW_3 for mobile attendees. FORBIDDEN outside the scope; BAD_USER_INPUT (future heldAt, unknown attendees, too many)',
  })
  recordOrgLife(
    @Arg('input', () => RecordOrgLifeInput, { description: 'the activity' }) input: RecordOrgLifeInput,
    @Ctx() ctx: Context,
  ) {
    return recordOrgLife(ctx, input);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the organization that held it' })
  organization(@Root() a: OrgLifeActivity, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.organization);
  }

  @FieldResolver(() => [PartyMember], {
    description: 'every attendee, from any organization (personal data masked as usual)',
  })
  attendees(@Root() a: OrgLifeActivity, @Ctx() ctx: Context) {
    return attendeesOf(ctx, a);
  }

  @FieldResolver(() => Int, { description: 'number of attendees' })
  async attendeeCount(@Root() a: OrgLifeActivity, @Ctx() ctx: Context) {
    return (await attendeesOf(ctx, a)).length;
  }
}
