import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { CareRecord } from '../care/care.entity';
import { DemocraticEvaluation } from '../daily/evaluation.entity';
import { PartyMember } from './member.entity';
import { createMember, getMember, listMembers, personalField, updateMember } from './member.service';
import { CreateMemberInput, MemberFilter, UpdateMemberInput } from './member.types';
import { MobilityRecord } from '../mobility/mobility.entity';
import { isMobileToday } from '../mobility/mobility.rules';
import { canSeeRecord } from '../mobility/mobility.service';
import { PartyOrganization } from '../organization/organization.entity';
import { PartyMemberConnection } from '../party.connections';
import { loadActiveRecord, loadMany, loadRef } from '../party.loaders';
import { today } from '../party.support';
import { RoleModelRecord } from '../care/role-model.entity';

@Resolver(() => PartyMember)
export class MemberResolver {
  @Query(() => PartyMember, {
    nullable: true,
    description:
      '党员 by id, if in your scope (any party role; a MEMBER sees itself); null otherwise. UNAUTHENTICATED / FORBIDDEN for non-party viewers',
  })
  member(@Arg('id', () => ID, { description: 'the member’s id' }) id: string, @Ctx() ctx: Context) {
    return getMember(ctx, id);
  }

  @Query(() => PartyMemberConnection, {
    description:
      '党员 — members in your scope, by name (any party role; UNAUTHENTICATED / FORBIDDEN otherwise)',
  })
  members(
    @Args() page: PageArgs,
    @Arg('filter', () => MemberFilter, { nullable: true, description: 'which members; default all in scope' })
    filter: MemberFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listMembers(ctx, page, filter);
  }

  @Mutation(() => PartyMember, {
    description:
      'ORG_ADMIN / ORG_DEPARTMENT: a member of a branch in scope. FORBIDDEN outside the scope; BAD_USER_INPUT (not a branch, bad idNumber/phone/dates); CONFLICT for an idNumber in use',
  })
  createMember(
    @Arg('input', () => CreateMemberInput, { description: 'the member' }) input: CreateMemberInput,
    @Ctx() ctx: Context,
  ) {
    return createMember(ctx, input);
  }

  @Mutation(() => PartyMember, {
    description:
      'ORG_ADMIN / ORG_DEPARTMENT administering the member’s formal organization: change personal data. FORBIDDEN outside the scope; BAD_USER_INPUT when nothing changes or a value is malformed; CONFLICT for an idNumber in use',
  })
  updateMember(
    @Arg('id', () => ID, { description: 'the member to change' }) id: string,
    @Arg('input', () => UpdateMemberInput, { description: 'the changes' }) input: UpdateMemberInput,
    @Ctx() ctx: Context,
  ) {
    return updateMember(ctx, id, input);
  }

  @FieldResolver(() => PartyOrganization, {
    description:
      '正式组织关系所在党支部 — the branch holding the member’s formal organizational relationship',
  })
  formalOrganization(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, m.formalOrganization);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '身份证号, masked (6301**********1234) unless you are the member or administer its formal or inflow organization',
  })
  idNumber(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return personalField(ctx, m, 'idNumber');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '联系电话 — phone, masked (138****5678) unless you are the member or administer its formal or inflow organization',
  })
  phone(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return personalField(ctx, m, 'phone');
  }

  @FieldResolver(() => MobilityRecord, {
    nullable: true,
    description: '流动党员登记 — the active mobility record (outflow), if any',
  })
  async currentMobility(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return loadActiveRecord(ctx, m.id);
  }

  @FieldResolver(() => [MobilityRecord], { description: 'the member’s records in your scope, newest first' })
  async mobilityHistory(@Root() m: PartyMember, @Ctx() ctx: Context) {
    const records = await loadMany(ctx, MobilityRecord, 'member', m.id, { registeredAt: 'desc', id: 'asc' });
    const visible = await Promise.all(records.map((r) => canSeeRecord(ctx, r)));
    return records.filter((_, i) => visible[i]);
  }

  @FieldResolver(() => Boolean, {
    description: 'true when the active outflow meets the 6-month definition of 流动党员',
  })
  async isMobile(@Root() m: PartyMember, @Ctx() ctx: Context) {
    const active = await loadActiveRecord(ctx, m.id);
    return !!active && isMobileToday(active, today(ctx));
  }

  @FieldResolver(() => [DemocraticEvaluation], {
    description: '民主评议 — the member’s evaluations, newest year first',
  })
  evaluations(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return loadMany(ctx, DemocraticEvaluation, 'member', m.id, { year: 'desc', id: 'asc' });
  }

  @FieldResolver(() => [CareRecord], { description: '关怀帮扶 — care given to the member, newest first' })
  careRecords(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return loadMany(ctx, CareRecord, 'member', m.id, { providedOn: 'desc', id: 'asc' });
  }

  @FieldResolver(() => [RoleModelRecord], {
    description: '作用发挥 — the member’s role-model work, newest first',
  })
  roleModelRecords(@Root() m: PartyMember, @Ctx() ctx: Context) {
    return loadMany(ctx, RoleModelRecord, 'member', m.id, { startedOn: 'desc', id: 'asc' });
  }
}
