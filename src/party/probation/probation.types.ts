import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

/** 预备期满的决定 (DOMAIN.md §2.6a). */
export enum ProbationOutcome {
  CONVERT = 'CONVERT',
  EXTEND = 'EXTEND',
  CANCEL = 'CANCEL',
}
registerEnumType(ProbationOutcome, {
  name: 'ProbationOutcome',
  description: '预备期满的决定 — what the branch decides at the end of a member’s probation',
  valuesConfig: {
    CONVERT: { description: '转为正式党员 — full membership, from the day probation ends (not before)' },
    EXTEND: {
      description: '延长预备期 — once, by 6 to 12 months, with a reason; the decision falls due again',
    },
    CANCEL: {
      description: '取消预备党员资格 — cancellation, with a reason; the member’s mobility record ends',
    },
  },
});

@InputType('DecideProbationInput', {
  description: '预备期满的决定 — the branch meeting’s decision on a probationary member',
})
export class DecideProbationInput {
  @Field(() => ID, { description: 'the probationary member' })
  memberId!: string;

  @Field(() => ProbationOutcome, { description: '决定 — CONVERT, EXTEND or CANCEL' })
  outcome!: ProbationOutcome;

  @Field(() => DateScalar, {
    description:
      '支部大会日期 — the meeting day; after joinedAt, not in the future; CONVERT only on or after probationEndsAt',
  })
  meetingOn!: string;

  @Field(() => String, { nullable: true, description: '理由 — required for EXTEND and CANCEL' })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: '延长月数 — EXTEND only: 6 to 12' })
  extensionMonths?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      '流入地党组织意见 — the inflow organization’s opinion, asked for first for an outflow member',
  })
  inflowOpinion?: string | null;
}
