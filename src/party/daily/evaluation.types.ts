import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';

export enum EvaluationResult {
  EXCELLENT = 'EXCELLENT',
  QUALIFIED = 'QUALIFIED',
  BASICALLY_QUALIFIED = 'BASICALLY_QUALIFIED',
  UNQUALIFIED = 'UNQUALIFIED',
}
registerEnumType(EvaluationResult, {
  name: 'EvaluationResult',
  description: '评议结果 — the outcome of a democratic evaluation',
  valuesConfig: {
    EXCELLENT: { description: '优秀 — excellent' },
    QUALIFIED: { description: '合格 — qualified' },
    BASICALLY_QUALIFIED: { description: '基本合格 — basically qualified' },
    UNQUALIFIED: { description: '不合格 — unqualified' },
  },
});

@InputType('RecordEvaluationInput', {
  description: '民主评议 — a democratic evaluation of a mobile member by its inflow organization',
})
export class RecordEvaluationInput {
  @Field(() => ID, { description: 'the member evaluated; needs an active mobility record' })
  memberId!: string;

  @Field(() => ID, { description: 'the inflow organization of the member’s active record, or one below it' })
  organizationId!: string;

  @Field(() => Int, { description: '评议年度 — the year evaluated, from 2000 to the current year' })
  year!: number;

  @Field(() => EvaluationResult, { description: '评议结果 — the outcome' })
  result!: EvaluationResult;
}
