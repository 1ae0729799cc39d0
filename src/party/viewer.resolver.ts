import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../common/request/context';
import { ViewerType } from '../auth/viewer.type';
import { PartyMember } from './member/member.entity';
import { PartyOrganization } from './organization/organization.entity';
import { loadById } from './party.loaders';
import { partyAccess } from './party.policy';

/** Viewer.member and Viewer.scopeOrganization, from the token's claims. */
@Resolver(() => ViewerType)
export class PartyViewerResolver {
  @FieldResolver(() => PartyMember, { nullable: true, description: 'the member a MEMBER acts as' })
  async member(@Root() _viewer: ViewerType, @Ctx() ctx: Context): Promise<PartyMember | null> {
    const access = await partyAccess(ctx);
    return access.memberId ? loadById(ctx, PartyMember, access.memberId) : null;
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: 'the organization whose subtree party roles may act on',
  })
  async scopeOrganization(
    @Root() _viewer: ViewerType,
    @Ctx() ctx: Context,
  ): Promise<PartyOrganization | null> {
    return (await partyAccess(ctx)).scopeOrganization;
  }
}
