import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../common/scalars';
import { DutyAppliesFrom, DutyHolder, type DutySpec } from './duty.catalog';

registerEnumType(DutyHolder, {
  name: 'DutyHolder',
  description: '责任主体 — who holds a duty of the 7+6+5 责任清单',
  valuesConfig: {
    OUTFLOW_ORGANIZATION: {
      description: '流出地（单位）基层党组织 — 7 项: the outflow organization, 7 duties',
    },
    INFLOW_ORGANIZATION: {
      description: '流入地（单位）基层党组织 — 6 项: the inflow organization, 6 duties',
    },
    MEMBER: { description: '流动党员 — 5 项: the mobile member itself, 5 duties' },
  },
});

registerEnumType(DutyAppliesFrom, {
  name: 'DutyAppliesFrom',
  description: '责任起算点 — where a duty’s clock starts for a mobility record',
  valuesConfig: {
    REGISTRATION: { description: '流出登记 — from the outflow registration' },
    REPORT: { description: '向流入地党组织报到 — from the report to the inflow organization' },
    DEPARTURE: { description: '外出日期 — from the day the member left' },
  },
});

/** How a duty record came about: recorded by hand, or by the event that meets the duty. */
export enum DutySource {
  RECORDED = 'RECORDED',
  REGISTRATION = 'REGISTRATION',
  REPORT = 'REPORT',
  FULL_MEMBERSHIP = 'FULL_MEMBERSHIP',
  ORG_LIFE = 'ORG_LIFE',
  CARE = 'CARE',
  EVALUATION = 'EVALUATION',
  ROLE_MODEL = 'ROLE_MODEL',
  MOBILITY_UPDATE = 'MOBILITY_UPDATE',
  PROBATION_DECISION = 'PROBATION_DECISION',
  COMMENDATION = 'COMMENDATION',
  NO_COMMENDATION = 'NO_COMMENDATION',
}
registerEnumType(DutySource, {
  name: 'DutySource',
  description: '履责来源 — how a duty record came about',
  valuesConfig: {
    RECORDED: { description: 'recorded by hand with recordDuty' },
    REGISTRATION: { description: '流出登记 — by the outflow registration' },
    REPORT: { description: '报到 — by the report to the inflow organization' },
    FULL_MEMBERSHIP: { description: '预备党员转正 — by confirmFullMembership' },
    ORG_LIFE: { description: '组织生活 — by attendance at an organizational-life activity' },
    CARE: { description: '关怀帮扶 — by a care record' },
    EVALUATION: { description: '民主评议 — by a democratic evaluation' },
    ROLE_MODEL: { description: '作用发挥 — by a role-model record' },
    MOBILITY_UPDATE: { description: '报告变化 — by updateMobility' },
    PROBATION_DECISION: {
      description: '预备期满的决定 — by decideProbation (CONVERT, EXTEND or CANCEL) or confirmFullMembership',
    },
    COMMENDATION: { description: '表彰推荐 — by recommendCommendation' },
    NO_COMMENDATION: { description: '本年度无表彰推荐 — by declareNoCommendation' },
  },
});

@ObjectType('DutyDefinition', {
  description:
    '责任清单事项 — one item of the 7+6+5 duty lists: 7 for the outflow organization, 6 for the inflow organization, 5 for the member.',
})
export class DutyDefinition {
  @Field({ description: 'e.g. OUTFLOW_1 … OUTFLOW_7, INFLOW_1 … INFLOW_6, MEMBER_1 … MEMBER_5' })
  code!: string;

  @Field(() => DutyHolder, { description: '责任主体 — who holds the duty' })
  holder!: DutyHolder;

  @Field({ description: 'short name of the duty, in Chinese' })
  title!: string;

  @Field({ description: 'what the duty asks for' })
  description!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'how often it must be done for each active mobility record; null: once, or as events require',
  })
  cadenceDays!: number | null;

  @Field(() => DutyAppliesFrom, { description: '责任起算点 — where the duty’s clock starts' })
  appliesFrom!: DutyAppliesFrom;

  @Field(() => Int, {
    nullable: true,
    description:
      'a once-only duty is due this many days after its start (OUTFLOW_1, MEMBER_2: 30); null otherwise',
  })
  dueWithinDays!: number | null;

  @Field({ description: 'true for duties done as events require: never overdue' })
  neverOverdue!: boolean;

  @Field({
    description:
      '每年 12 月 31 日前 — true for a duty owed once in every calendar year the member is mobile (OUTFLOW_6)',
  })
  dueEachYear!: boolean;

  @Field({
    description: '逾期履责 — true when meeting the duty after its due day counts as late (OUTFLOW_1)',
  })
  lateAfterDue!: boolean;

  @Field({ description: 'what meets it besides recordDuty' })
  alsoMetBy!: string;

  static of(spec: DutySpec): DutyDefinition {
    return Object.assign(new DutyDefinition(), {
      code: spec.code,
      holder: spec.holder,
      title: spec.title,
      description: spec.description,
      cadenceDays: spec.kind === 'CADENCE' ? (spec.cadenceDays ?? null) : null,
      appliesFrom: spec.appliesFrom,
      dueWithinDays:
        spec.kind === 'DUE' && spec.due?.from !== 'PROBATION_END' ? (spec.due?.days ?? null) : null,
      neverOverdue: spec.kind === 'EVENTS',
      dueEachYear: spec.kind === 'YEARLY',
      lateAfterDue: !!spec.lateAfterDue,
      alsoMetBy: spec.alsoMetBy,
    });
  }
}

@InputType('RecordDutyInput', {
  description: '履责记录 — a duty met for a mobility record, recorded by hand',
})
export class RecordDutyInput {
  @Field({ description: 'the duty’s code, e.g. OUTFLOW_2 (see dutyCatalog); BAD_USER_INPUT when unknown' })
  dutyCode!: string;

  @Field(() => ID, { description: 'the active mobility record' })
  mobilityRecordId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'default now; not in the future' })
  performedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'what was done' })
  note?: string | null;
}
