import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

/** 表彰推荐 or 本年度无推荐 — the two records that meet OUTFLOW_6 for a year. */
export enum CommendationKind {
  RECOMMENDATION = 'RECOMMENDATION',
  NONE_THIS_YEAR = 'NONE_THIS_YEAR',
}
registerEnumType(CommendationKind, {
  name: 'CommendationKind',
  description: '表彰记录类型 — a recommendation, or the record that there is none this year',
  valuesConfig: {
    RECOMMENDATION: { description: '表彰推荐 — the outflow branch recommends the member, with a reason' },
    NONE_THIS_YEAR: {
      description: '本年度无推荐 — the outflow branch records that it recommends nobody this year',
    },
  },
});

export enum CommendationStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  NOT_APPROVED = 'NOT_APPROVED',
}
registerEnumType(CommendationStatus, {
  name: 'CommendationStatus',
  description: '表彰审批状态 — where a recommendation stands',
  valuesConfig: {
    PENDING: { description: '待决定 — recommended, not yet decided' },
    APPROVED: { description: '批准表彰 — approved by the deciding body' },
    NOT_APPROVED: { description: '不予表彰 — not approved by the deciding body' },
  },
});

@InputType('RecommendCommendationInput', {
  description: '表彰推荐 — the outflow branch recommends an outstanding outflow member',
})
export class RecommendCommendationInput {
  @Field(() => ID, { description: 'the member’s active mobility record' })
  mobilityRecordId!: string;

  @Field({ description: '推荐理由 — why (required)' })
  reason!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: '推荐日期 — default today; not before the registration, not in the future',
  })
  recommendedOn?: string | null;
}

@InputType('DecideCommendationInput', {
  description: '表彰决定 — the deciding body (the recommending branch’s committee or above) decides',
})
export class DecideCommendationInput {
  @Field(() => ID, { description: 'the pending recommendation' })
  commendationId!: string;

  @Field({ description: 'true: APPROVED; false: NOT_APPROVED' })
  approved!: boolean;

  @Field(() => ID, {
    description:
      '决定机关 — a committee or working committee above the recommending branch, administered by the caller',
  })
  decidingOrganizationId!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: '决定日期 — default today; not before the recommendation, not in the future',
  })
  decidedOn?: string | null;

  @Field(() => String, { nullable: true, description: '决定说明 — a note on the decision' })
  note?: string | null;
}

@InputType('DeclareNoCommendationInput', {
  description: '本年度无推荐 — the outflow branch records that it recommends nobody for a year',
})
export class DeclareNoCommendationInput {
  @Field(() => ID, { description: 'the member’s active mobility record' })
  mobilityRecordId!: string;

  @Field(() => Int, {
    description: '年度 — this year or last year, in which the member was mobile',
  })
  year!: number;

  @Field(() => String, { nullable: true, description: '说明 — a note' })
  note?: string | null;
}
