import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import { RateLimit } from '../../common/request/rate-limit.middleware';
import type { Context } from '../../common/request/context';
import { DateScalar } from '../../common/scalars';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';
import { WorkItem } from './dispatch.entity';
import {
  answerWorkItem,
  closeWorkItem,
  committeeRollup,
  issueWorkItem,
  listWorkItems,
  statusOf,
} from './dispatch.service';
import {
  AnswerWorkItemInput,
  CloseWorkItemInput,
  CommitteeRollupRow,
  IssueWorkItemInput,
  WorkItemStatus,
} from './dispatch.types';

export const WorkItemConnection = ConnectionType(WorkItem, 'WorkItem');

@Resolver(() => WorkItem)
export class DispatchResolver {
  @UseMiddleware(RateLimit('analytics'))
  @Query(() => [CommitteeRollupRow], {
    description:
      '工作调度 — the mobile-member figures of each base committee that may approve probationary members (具有审批预备党员权限的基层党（工）委) below scopeId in tree order, with a row for the scope itself counting what lies under none of them (ORG_ADMIN, ORG_DEPARTMENT, ANALYST within their scope; NOT_FOUND outside it; RATE_LIMITED). Export it with exportCsv; print a month with GET /papers/party-dispatch/{scopeId}?month=YYYY-MM',
  })
  committeeRollup(
    @Arg('scopeId', () => ID, {
      description: 'the organization (a county committee, typically) whose committees are rolled up',
    })
    scopeId: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'a day (Asia/Shanghai); default today' })
    asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return committeeRollup(ctx, scopeId, asOf);
  }

  @Query(() => WorkItemConnection, {
    description:
      '调度事项 — work items whose receiving committee or issuer is in your scope, by due day (ORG_ADMIN, ORG_DEPARTMENT, ANALYST; FORBIDDEN for others)',
  })
  workItems(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('committeeId', () => ID, {
      nullable: true,
      description: 'only items received by this committee or organizations below it',
    })
    committeeId: string | null,
    @Arg('status', () => WorkItemStatus, { nullable: true, description: 'only this status' })
    status: WorkItemStatus | null,
    @Ctx() ctx: Context,
  ) {
    return listWorkItems(ctx, args, { committeeId, status });
  }

  @Mutation(() => WorkItem, {
    description:
      '下发调度事项 — ORG_DEPARTMENT of the issuing committee (county level or above) issues a work item to a base committee below it. FORBIDDEN for other roles or outside the scope; BAD_USER_INPUT for an issuer below county level, a receiver that is not a base committee below the issuer, a past due day or empty text; NOT_FOUND for an unknown organization',
  })
  issueWorkItem(
    @Arg('input', () => IssueWorkItemInput, { description: 'the work item' }) input: IssueWorkItemInput,
    @Ctx() ctx: Context,
  ) {
    return issueWorkItem(ctx, input);
  }

  @Mutation(() => WorkItem, {
    description:
      '答复调度事项 — an administrator whose scope is the receiving committee answers (also after the due day). FORBIDDEN for anyone else; NOT_FOUND for an unknown item; INVALID_TRANSITION once answered; BAD_USER_INPUT for an empty answer',
  })
  answerWorkItem(
    @Arg('input', () => AnswerWorkItemInput, { description: 'the answer' }) input: AnswerWorkItemInput,
    @Ctx() ctx: Context,
  ) {
    return answerWorkItem(ctx, input);
  }

  @Mutation(() => WorkItem, {
    description:
      '办结调度事项 — ORG_DEPARTMENT of the issuing committee closes an answered item. FORBIDDEN for other roles or scopes; INVALID_TRANSITION unless ANSWERED',
  })
  closeWorkItem(
    @Arg('input', () => CloseWorkItemInput, { description: 'the item and an optional note' })
    input: CloseWorkItemInput,
    @Ctx() ctx: Context,
  ) {
    return closeWorkItem(ctx, input);
  }

  @FieldResolver(() => WorkItemStatus, {
    description: '状态 — ISSUED, OVERDUE (issued, due day passed, not answered), ANSWERED or CLOSED',
  })
  status(@Root() item: WorkItem, @Ctx() ctx: Context): WorkItemStatus {
    return statusOf(ctx, item);
  }

  @FieldResolver(() => PartyOrganization, { description: '下发单位 — the issuing committee' })
  issuingOrganization(@Root() item: WorkItem, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, item.issuingOrganization);
  }

  @FieldResolver(() => PartyOrganization, { description: '承办党（工）委 — the receiving base committee' })
  committee(@Root() item: WorkItem, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, item.committee);
  }
}
