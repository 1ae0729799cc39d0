import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../common/scalars';

export enum FeePurpose {
  EDUCATION_TRAINING = 'EDUCATION_TRAINING',
  ORGANIZATION_ACTIVITIES = 'ORGANIZATION_ACTIVITIES',
  HARDSHIP_SUPPORT = 'HARDSHIP_SUPPORT',
}
registerEnumType(FeePurpose, {
  name: 'FeePurpose',
  valuesConfig: {
    EDUCATION_TRAINING: { description: '流动党员教育培训' },
    ORGANIZATION_ACTIVITIES: { description: '流动党员党组织开展活动' },
    HARDSHIP_SUPPORT: { description: '慰问帮扶生活困难流动党员' },
  },
});

@InputType('AllocateFeesInput')
export class AllocateFeesInput {
  @Field(() => ID, { description: 'a committee (党委/党工委) in the viewer’s scope' })
  fromOrganizationId!: string;

  @Field(() => ID, { description: 'an organization below it' })
  toOrganizationId!: string;

  @Field(() => FeePurpose)
  purpose!: FeePurpose;

  @Field(() => MoneyScalar)
  amount!: number;

  @Field(() => DateScalar)
  allocatedOn!: string;
}

@InputType('RecordFeeExpenseInput')
export class RecordFeeExpenseInput {
  @Field(() => ID)
  allocationId!: string;

  @Field(() => MoneyScalar)
  amount!: number;

  @Field(() => DateScalar)
  spentOn!: string;

  @Field()
  note!: string;
}
