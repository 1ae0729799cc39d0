import { Arg, Ctx, ID, Query, Resolver, UseMiddleware } from 'type-graphql';
import { RateLimit } from '../server/rate-limit';
import { DateScalar } from '../common/scalars';
import type { Context } from '../server/context';
import { dutyCompliance, mobileMemberSummary, mobilityBreakdown } from './party-analytics.service';
import {
  CountBucket,
  DutyComplianceRow,
  MobileMemberSummary,
  MobilityDimension,
} from './party-analytics.types';

const AS_OF = { nullable: true, description: 'a day (Asia/Shanghai); default today' } as const;

@Resolver()
export class PartyAnalyticsResolver {
  @UseMiddleware(RateLimit('analytics'))
  @Query(() => MobileMemberSummary, {
    description:
      '流动党员概况 over the subtree of scopeId (ORG_ADMIN, ORG_DEPARTMENT, ANALYST within their scope)',
  })
  mobileMemberSummary(
    @Arg('scopeId', () => ID) scopeId: string,
    @Arg('asOf', () => DateScalar, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return mobileMemberSummary(ctx, scopeId, asOf);
  }

  @UseMiddleware(RateLimit('analytics'))
  @Query(() => [CountBucket], { description: 'active records of the subtree counted by one dimension' })
  mobilityBreakdown(
    @Arg('scopeId', () => ID) scopeId: string,
    @Arg('by', () => MobilityDimension) by: MobilityDimension,
    @Arg('asOf', () => DateScalar, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return mobilityBreakdown(ctx, scopeId, by, asOf);
  }

  @UseMiddleware(RateLimit('analytics'))
  @Query(() => [DutyComplianceRow], {
    description: 'each of the 18 duties over the subtree: applicable, met, overdue',
  })
  dutyCompliance(
    @Arg('scopeId', () => ID) scopeId: string,
    @Arg('asOf', () => DateScalar, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return dutyCompliance(ctx, scopeId, asOf);
  }
}
