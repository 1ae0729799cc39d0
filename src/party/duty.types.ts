import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';
import { DutyAppliesFrom, DutyHolder, type DutySpec } from './duty.catalog';

registerEnumType(DutyHolder, {
  name: 'DutyHolder',
  valuesConfig: {
    OUTFLOW_ORGANIZATION: { description: '流出地（单位）基层党组织 — 7 项' },
    INFLOW_ORGANIZATION: { description: '流入地（单位）基层党组织 — 6 项' },
    MEMBER: { description: '流动党员 — 5 项' },
  },
});

registerEnumType(DutyAppliesFrom, {
  name: 'DutyAppliesFrom',
  description: 'where a duty’s clock starts for a mobility record',
  valuesConfig: {
    REGISTRATION: { description: '流出登记' },
    REPORT: { description: '向流入地党组织报到' },
    DEPARTURE: { description: '外出日期' },
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
}
registerEnumType(DutySource, {
  name: 'DutySource',
  description: 'how a duty record came about',
  valuesConfig: {
    RECORDED: { description: 'recordDuty' },
    REGISTRATION: { description: '流出登记' },
    REPORT: { description: '报到' },
    FULL_MEMBERSHIP: { description: '预备党员转正' },
    ORG_LIFE: { description: '组织生活' },
    CARE: { description: '关怀帮扶' },
    EVALUATION: { description: '民主评议' },
    ROLE_MODEL: { description: '作用发挥' },
    MOBILITY_UPDATE: { description: '报告变化' },
  },
});

@ObjectType('DutyDefinition', {
  description:
    'One item of a 责任清单: 7 for the outflow organization, 6 for the inflow organization, 5 for the member.',
})
export class DutyDefinition {
  @Field({ description: 'e.g. OUTFLOW_1 … OUTFLOW_7, INFLOW_1 … INFLOW_6, MEMBER_1 … MEMBER_5' })
  code!: string;

  @Field(() => DutyHolder)
  holder!: DutyHolder;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'how often it must be done for each active mobility record; null: once, or as events require',
  })
  cadenceDays!: number | null;

  @Field(() => DutyAppliesFrom)
  appliesFrom!: DutyAppliesFrom;

  @Field(() => Int, {
    nullable: true,
    description: 'a once-only duty is due this many days after its start (MEMBER_2: 30); null otherwise',
  })
  dueWithinDays!: number | null;

  @Field({ description: 'true for duties done as events require: never overdue' })
  neverOverdue!: boolean;

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
      alsoMetBy: spec.alsoMetBy,
    });
  }
}

@InputType('RecordDutyInput')
export class RecordDutyInput {
  @Field()
  dutyCode!: string;

  @Field(() => ID)
  mobilityRecordId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'default now; not in the future' })
  performedAt?: Date | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
