import { Arg, Ctx, ID, Query, Resolver, UseMiddleware } from 'type-graphql';
import { RateLimit } from '../common/request/rate-limit.middleware';
import { DateScalar } from '../common/scalars';
import type { Context } from '../common/request/context';
import { dutyCompliance, mobileMemberSummary, mobilityBreakdown } from './party-analytics.service';
import {
  CountBucket,
  DutyComplianceRow,
  MobileMemberSummary,
  MobilityDimension,
} from './party-analytics.types';

const AS_OF = { nullable: true, description: 'a day (Asia/Shanghai); default today' } as const;
const SCOPE_ID = 'the organization whose subtree is counted; NOT_FOUND when outside the viewer’s scope';

@Resolver()
export class PartyAnalyticsResolver {
  @UseMiddleware(RateLimit('analytics'))
  @Query(() => MobileMemberSummary, {
    description:
      '流动党员概况 over the subtree of scopeId (ORG_ADMIN, ORG_DEPARTMENT, ANALYST within their scope)',
  })
  mobileMemberSummary(
    @Arg('scopeId', () => ID, { description: SCOPE_ID }) scopeId: string,
    @Arg('asOf', () => DateScalar, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return mobileMemberSummary(ctx, scopeId, asOf);
  }

  @UseMiddleware(RateLimit('analytics'))
  @Query(() => [CountBucket], {
    description:
      'active records of the subtree counted by one dimension, largest first (ORG_ADMIN, ORG_DEPARTMENT, ANALYST within their scope; RATE_LIMITED)',
  })
  mobilityBreakdown(
    @Arg('scopeId', () => ID, { description: SCOPE_ID }) scopeId: string,
    @Arg('by', () => MobilityDimension, { description: '统计维度 — what to group by' }) by: MobilityDimension,
    @Arg('asOf', () => DateScalar, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return mobilityBreakdown(ctx, scopeId, by, asOf);
  }

  @UseMiddleware(RateLimit('analytics'))
  @Query(() => [DutyComplianceRow], {
    description:
      '履责情况 — each of the 18 duties over the subtree: applicable, met, overdue (ORG_ADMIN, ORG_DEPARTMENT, ANALYST within their scope; RATE_LIMITED)',
  })
  dutyCompliance(
    @Arg('scopeId', () => ID, { description: SCOPE_ID }) scopeId: string,
    @Arg('asOf', () => DateScalar, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return dutyCompliance(ctx, scopeId, asOf);
  }
}
