import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';

export enum EvaluationResult {
  EXCELLENT = 'EXCELLENT',
  QUALIFIED = 'QUALIFIED',
  BASICALLY_QUALIFIED = 'BASICALLY_QUALIFIED',
  UNQUALIFIED = 'UNQUALIFIED',
}
registerEnumType(EvaluationResult, {
  name: 'EvaluationResult',
  valuesConfig: {
    EXCELLENT: { description: '优秀' },
    QUALIFIED: { description: '合格' },
    BASICALLY_QUALIFIED: { description: '基本合格' },
    UNQUALIFIED: { description: '不合格' },
  },
});

@InputType('RecordEvaluationInput')
export class RecordEvaluationInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID, { description: 'the inflow organization of the member’s active record, or one below it' })
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => EvaluationResult)
  result!: EvaluationResult;
}
