import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';
import { Commendation } from './commendation.entity';
import {
  commendationsOf,
  decideCommendation,
  declareNoCommendation,
  listCommendations,
  recommendCommendation,
} from './commendation.service';
import {
  CommendationStatus,
  DecideCommendationInput,
  DeclareNoCommendationInput,
  RecommendCommendationInput,
} from './commendation.types';

export const CommendationConnection = ConnectionType(Commendation, 'Commendation');

@Resolver(() => Commendation)
export class CommendationResolver {
  @Query(() => CommendationConnection, {
    description:
      '表彰推荐 — commendations recommended by branches in your scope, newest first (any party role; a deciding body’s worklist with status PENDING)',
  })
  commendations(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('status', () => CommendationStatus, { nullable: true, description: 'only this status' })
    status: CommendationStatus | null,
    @Ctx() ctx: Context,
  ) {
    return listCommendations(ctx, args, status);
  }

  @Mutation(() => Commendation, {
    description:
      '表彰推荐 — ORG_ADMIN / ORG_DEPARTMENT of the record’s outflow organization recommends the member, with a reason; meets OUTFLOW_6 for the year. FORBIDDEN outside the scope; NOT_MOBILE_ELIGIBLE for an ended record; CONFLICT when “none this year” was recorded for that year; BAD_USER_INPUT for an empty reason or a bad day',
  })
  recommendCommendation(
    @Arg('input', () => RecommendCommendationInput, { description: 'the recommendation' })
    input: RecommendCommendationInput,
    @Ctx() ctx: Context,
  ) {
    return recommendCommendation(ctx, input);
  }

  @Mutation(() => Commendation, {
    description:
      '表彰决定 — an administrator of the deciding body (a committee or working committee above the recommending branch) approves or not. FORBIDDEN when the caller does not administer that body; BAD_USER_INPUT when it is not a committee above the branch; INVALID_TRANSITION unless PENDING',
  })
  decideCommendation(
    @Arg('input', () => DecideCommendationInput, { description: 'the decision' })
    input: DecideCommendationInput,
    @Ctx() ctx: Context,
  ) {
    return decideCommendation(ctx, input);
  }

  @Mutation(() => Commendation, {
    description:
      '本年度无推荐 — ORG_ADMIN / ORG_DEPARTMENT of the record’s outflow organization records that it recommends nobody for this year or last (a year the member was mobile); meets OUTFLOW_6 for that year. CONFLICT when that year already has a record; BAD_USER_INPUT for another year',
  })
  declareNoCommendation(
    @Arg('input', () => DeclareNoCommendationInput, { description: 'the year' })
    input: DeclareNoCommendationInput,
    @Ctx() ctx: Context,
  ) {
    return declareNoCommendation(ctx, input);
  }

  @FieldResolver(() => MobilityRecord, { description: '流动党员登记 — the record it was made for' })
  mobilityRecord(@Root() c: Commendation, @Ctx() ctx: Context) {
    return loadRef(ctx, MobilityRecord, c.mobilityRecord);
  }

  @FieldResolver(() => PartyOrganization, { description: '推荐党支部 — the recommending (outflow) branch' })
  organization(@Root() c: Commendation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, c.organization);
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: '决定机关 — the committee that decided; null until decided',
  })
  decidingOrganization(@Root() c: Commendation, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, c.decidingOrganization);
  }
}

@Resolver(() => MobilityRecord)
export class RecordCommendationResolver {
  @FieldResolver(() => [Commendation], {
    description: '表彰推荐与年度记录 — the record’s commendations and “none this year” records (OUTFLOW_6)',
  })
  commendations(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return commendationsOf(ctx, r.id);
  }
}
