import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { PartyOrganization } from './organization.entity';
import {
  childrenOf,
  createOrganization,
  establishMobileOrganization,
  getOrganization,
  inflowCountOf,
  listOrganizations,
  memberCountOf,
  membersBelow,
  outflowCountOf,
} from './organization.service';
import { CreateOrganizationInput, MobileOrganizationInput, OrganizationFilter } from './organization.types';
import { loadRef } from '../party.loaders';
import { PartyMemberConnection, PartyOrganizationConnection } from '../party.connections';

@Resolver(() => PartyOrganization)
export class OrganizationResolver {
  @Query(() => PartyOrganization, {
    nullable: true,
    description:
      '党组织 by id (a directory: any party role; UNAUTHENTICATED / FORBIDDEN otherwise); null when there is none',
  })
  organization(
    @Arg('id', () => ID, { description: 'the organization’s id' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<PartyOrganization | null> {
    return getOrganization(ctx, id);
  }

  @Query(() => PartyOrganizationConnection, {
    description: '党组织 — organizations in tree order (a directory: any party role)',
  })
  organizations(
    @Args() page: PageArgs,
    @Arg('filter', () => OrganizationFilter, {
      nullable: true,
      description: 'which organizations; default all',
    })
    filter: OrganizationFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listOrganizations(ctx, page, filter);
  }

  @Mutation(() => PartyOrganization, {
    description:
      'ORG_DEPARTMENT: an organization under one in its scope (a root only without a scope claim). FORBIDDEN outside its scope; CONFLICT for a name in use under the parent; BAD_USER_INPUT (a bad region code, a level above the parent’s, the approval right on a non-committee, a tree too deep)',
  })
  createOrganization(
    @Arg('input', () => CreateOrganizationInput, { description: 'the organization' })
    input: CreateOrganizationInput,
    @Ctx() ctx: Context,
  ): Promise<PartyOrganization> {
    return createOrganization(ctx, input);
  }

  @Mutation(() => PartyOrganization, {
    description:
      'ORG_DEPARTMENT: 成立流动党员党组织, approved by a party committee at county level or above (APPROVER_LEVEL_TOO_LOW otherwise). FORBIDDEN when the parent is outside its scope; BAD_USER_INPUT when the approver is not the parent or above it',
  })
  establishMobileOrganization(
    @Arg('input', () => MobileOrganizationInput, { description: 'the mobile-member party organization' })
    input: MobileOrganizationInput,
    @Ctx() ctx: Context,
  ): Promise<PartyOrganization> {
    return establishMobileOrganization(ctx, input);
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: '上级党组织 — the parent organization (隶属关系); null for a root',
  })
  parent(@Root() org: PartyOrganization, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, org.parent);
  }

  @FieldResolver(() => [PartyOrganization], { description: 'direct children, in tree order' })
  children(@Root() org: PartyOrganization, @Ctx() ctx: Context) {
    return childrenOf(ctx, org);
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: 'the committee (county level or above) that approved it',
  })
  approvedBy(@Root() org: PartyOrganization, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, org.approvedBy);
  }

  @FieldResolver(() => Int, {
    description: 'members whose formal organization is this one or below, in your scope',
  })
  memberCount(@Root() org: PartyOrganization, @Ctx() ctx: Context) {
    return memberCountOf(ctx, org);
  }

  @FieldResolver(() => PartyMemberConnection, {
    description: 'members whose formal organization is this one or below, in your scope',
  })
  members(@Root() org: PartyOrganization, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return membersBelow(ctx, org, page);
  }

  @FieldResolver(() => Int, {
    description: 'active mobility records whose outflow organization is this one or below, in your scope',
  })
  outflowCount(@Root() org: PartyOrganization, @Ctx() ctx: Context) {
    return outflowCountOf(ctx, org);
  }

  @FieldResolver(() => Int, {
    description: 'active mobility records whose inflow organization is this one or below, in your scope',
  })
  inflowCount(@Root() org: PartyOrganization, @Ctx() ctx: Context) {
    return inflowCountOf(ctx, org);
  }
}
