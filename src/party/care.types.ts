import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../common/scalars';

export enum CareKind {
  EMPLOYMENT = 'EMPLOYMENT',
  SKILL_TRAINING = 'SKILL_TRAINING',
  RIGHTS_PROTECTION = 'RIGHTS_PROTECTION',
  HARDSHIP_SUPPORT = 'HARDSHIP_SUPPORT',
  LEGAL_AID = 'LEGAL_AID',
  POLICY_CONSULTING = 'POLICY_CONSULTING',
  VISIT = 'VISIT',
}
registerEnumType(CareKind, {
  name: 'CareKind',
  valuesConfig: {
    EMPLOYMENT: { description: '就业创业帮助' },
    SKILL_TRAINING: { description: '技能培训' },
    RIGHTS_PROTECTION: { description: '权益保障' },
    HARDSHIP_SUPPORT: { description: '生活困难帮扶' },
    LEGAL_AID: { description: '法律援助' },
    POLICY_CONSULTING: { description: '政策咨询' },
    VISIT: { description: '走访慰问' },
  },
});

@InputType('RecordCareInput')
export class RecordCareInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => CareKind)
  kind!: CareKind;

  @Field(() => DateScalar)
  providedOn!: string;

  @Field(() => MoneyScalar, { nullable: true })
  amount?: number | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
