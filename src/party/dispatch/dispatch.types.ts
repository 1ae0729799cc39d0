import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { PartyOrganization } from '../organization/organization.entity';
import type { WorkItem } from './dispatch.entity';

/** 调度事项状态: ISSUED → ANSWERED → CLOSED; an ISSUED item past its due day reads OVERDUE (not stored). */
export enum WorkItemStatus {
  ISSUED = 'ISSUED',
  OVERDUE = 'OVERDUE',
  ANSWERED = 'ANSWERED',
  CLOSED = 'CLOSED',
}
registerEnumType(WorkItemStatus, {
  name: 'WorkItemStatus',
  description: '调度事项状态 — where a work item issued to a base committee stands',
  valuesConfig: {
    ISSUED: { description: '已下发 — issued, not yet answered, due day not passed' },
    OVERDUE: { description: '逾期未答复 — issued and not answered by its due day' },
    ANSWERED: { description: '已答复 — the committee has answered; the issuer has not closed it' },
    CLOSED: { description: '已办结 — the issuer has accepted the answer and closed the item' },
  },
});

@InputType('IssueWorkItemInput', {
  description:
    '下发调度事项 — a county (or higher) organization department issues a work item to a base committee',
})
export class IssueWorkItemInput {
  @Field(() => ID, {
    description:
      '下发单位 — the issuing committee (county level or above) whose organization department issues it',
  })
  issuingOrganizationId!: string;

  @Field(() => ID, {
    description: '承办党（工）委 — a base committee that may approve probationary members, below the issuer',
  })
  committeeId!: string;

  @Field({ description: '标题 — title (1–200 characters)' })
  title!: string;

  @Field({ description: '内容 — what is to be done (1–4000 characters)' })
  content!: string;

  @Field(() => DateScalar, { description: '办理时限 — the day the answer is due; today or later' })
  dueOn!: string;
}

@InputType('AnswerWorkItemInput', { description: '答复调度事项 — the committee answers a work item' })
export class AnswerWorkItemInput {
  @Field(() => ID, { description: 'the work item' })
  workItemId!: string;

  @Field({ description: '答复内容 — the committee’s answer (1–4000 characters)' })
  answer!: string;
}

@InputType('CloseWorkItemInput', {
  description: '办结调度事项 — the issuer accepts the answer and closes the item',
})
export class CloseWorkItemInput {
  @Field(() => ID, { description: 'the answered work item' })
  workItemId!: string;

  @Field(() => String, { nullable: true, description: '办结意见 — an optional note (≤ 1000 characters)' })
  note?: string | null;
}

@ObjectType('CommitteeRollupRow', {
  description:
    '基层党（工）委工作调度 — the mobile-member figures of one base committee that may approve probationary members, as of a day',
})
export class CommitteeRollupRow {
  @Field(() => PartyOrganization, {
    description:
      '具有审批预备党员权限的基层党（工）委 — the committee; the row of the scope itself counts what lies under no committee below it',
  })
  committee!: PartyOrganization;

  @Field({
    description:
      'true for the scope’s own row (organizations directly under the scope, outside every base committee below it)',
  })
  isScope!: boolean;

  @Field(() => Int, {
    description: '流出 — active records whose outflow organization is under the committee',
  })
  outflowActive!: number;

  @Field(() => Int, {
    description: '流入 — active records reported to an inflow organization under the committee',
  })
  inflowActive!: number;

  @Field(() => Int, {
    description: '未报到 — of the outflow records, those not reported to an inflow organization',
  })
  unreported!: number;

  @Field(() => Int, {
    description: '失联 — of the outflow records, those with no contact for more than LOST_CONTACT_DAYS',
  })
  lostContact!: number;

  @Field(() => Int, {
    description:
      '流出党组织责任清单（7项）逾期 — overdue outflow-organization duties, one per record and duty',
  })
  overdueOutflowDuties!: number;

  @Field(() => Int, {
    description:
      '流入党组织责任清单（6项）逾期 — overdue inflow-organization duties, one per record and duty',
  })
  overdueInflowDuties!: number;

  @Field(() => Int, {
    description:
      '流动党员责任清单（5项）逾期 — overdue member duties of the outflow records, one per record and duty',
  })
  overdueMemberDuties!: number;

  @Field(() => Int, {
    description:
      '预备党员到期待转正 — probationary outflow members whose probation has ended with no decision recorded since (OUTFLOW_3)',
  })
  conversionsDue!: number;

  @Field(() => Int, {
    description:
      '应转尽转 — outflow records reported to one inflow organization for at least TRANSFER_SUGGEST_MONTHS',
  })
  shouldTransfer!: number;
}

/** 工作调度月报: the roll-up as of the month's end and the month's work items (dispatch.pdf.ts prints it) */
export interface MonthReport {
  scope: PartyOrganization;
  month: string;
  asOf: string;
  rows: CommitteeRollupRow[];
  /** items of the scope's committees issued in the month or still open at its end */
  items: { item: WorkItem; committee: string; status: WorkItemStatus }[];
}
