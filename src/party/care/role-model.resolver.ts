import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';
import { RoleModelRecord } from './role-model.entity';
import { recordRoleModel } from './role-model.service';
import { RecordRoleModelInput } from './role-model.types';

@Resolver(() => RoleModelRecord)
export class RoleModelResolver {
  @Mutation(() => RoleModelRecord, {
    description:
      '作用发挥 — ORG_ADMIN / ORG_DEPARTMENT administering the organization (meets MEMBER_5 for a mobile member). FORBIDDEN outside the scope; BAD_USER_INPUT (dates, hours, member on neither side)',
  })
  recordRoleModel(
    @Arg('input', () => RecordRoleModelInput, { description: 'the work' }) input: RecordRoleModelInput,
    @Ctx() ctx: Context,
  ) {
    return recordRoleModel(ctx, input);
  }

  @FieldResolver(() => PartyMember, { description: 'the member' })
  member(@Root() r: RoleModelRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, r.member);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the organization that recorded it' })
  organization(@Root() r: RoleModelRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, r.organization);
  }
}
