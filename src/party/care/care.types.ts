import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../common/scalars';

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
  description: '关怀帮扶类别 — the kind of care given to a mobile member',
  valuesConfig: {
    EMPLOYMENT: { description: '就业创业帮助 — help with employment or starting a business' },
    SKILL_TRAINING: { description: '技能培训 — skills training' },
    RIGHTS_PROTECTION: { description: '权益保障 — protection of rights and interests' },
    HARDSHIP_SUPPORT: { description: '生活困难帮扶 — support in hardship' },
    LEGAL_AID: { description: '法律援助 — legal aid' },
    POLICY_CONSULTING: { description: '政策咨询 — policy advice' },
    VISIT: { description: '走访慰问 — a visit' },
  },
});

@InputType('RecordCareInput', {
  description: '关怀帮扶 — care given to a member by an organization of either side',
})
export class RecordCareInput {
  @Field(() => ID, { description: 'the member cared for' })
  memberId!: string;

  @Field(() => ID, {
    description:
      'the organization giving it: the member’s formal organization or one above it, or one on the inflow side of the member’s active record (BAD_USER_INPUT otherwise)',
  })
  organizationId!: string;

  @Field(() => CareKind, { description: '关怀帮扶类别 — kind of care' })
  kind!: CareKind;

  @Field(() => DateScalar, { description: 'the day it was given; not in the future' })
  providedOn!: string;

  @Field(() => MoneyScalar, { nullable: true, description: 'money given, in yuan, if any' })
  amount?: number | null;

  @Field(() => String, { nullable: true, description: 'what was done' })
  note?: string | null;
}
