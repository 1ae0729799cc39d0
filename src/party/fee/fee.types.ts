import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../common/scalars';

export enum FeePurpose {
  EDUCATION_TRAINING = 'EDUCATION_TRAINING',
  ORGANIZATION_ACTIVITIES = 'ORGANIZATION_ACTIVITIES',
  HARDSHIP_SUPPORT = 'HARDSHIP_SUPPORT',
}
registerEnumType(FeePurpose, {
  name: 'FeePurpose',
  description: '党费用途 — what an allocation of party fees is for',
  valuesConfig: {
    EDUCATION_TRAINING: { description: '流动党员教育培训 — education and training of mobile members' },
    ORGANIZATION_ACTIVITIES: {
      description: '流动党员党组织开展活动 — activities of mobile-member party organizations',
    },
    HARDSHIP_SUPPORT: { description: '慰问帮扶生活困难流动党员 — support for mobile members in hardship' },
  },
});

@InputType('AllocateFeesInput', {
  description: '党费划拨 — an allocation of party fees from a committee to an organization below it',
})
export class AllocateFeesInput {
  @Field(() => ID, { description: 'a committee (党委/党工委) in the viewer’s scope' })
  fromOrganizationId!: string;

  @Field(() => ID, { description: 'an organization below it' })
  toOrganizationId!: string;

  @Field(() => FeePurpose, { description: '党费用途 — what it is for' })
  purpose!: FeePurpose;

  @Field(() => MoneyScalar, { description: 'amount allocated, in yuan; above 0' })
  amount!: number;

  @Field(() => DateScalar, { description: '划拨日期 — the day of the allocation' })
  allocatedOn!: string;
}

@InputType('RecordFeeExpenseInput', { description: '党费支出 — money spent from a party-fee allocation' })
export class RecordFeeExpenseInput {
  @Field(() => ID, { description: 'the allocation spent from' })
  allocationId!: string;

  @Field(() => MoneyScalar, { description: 'amount spent, in yuan; above 0 and at most the balance' })
  amount!: number;

  @Field(() => DateScalar, { description: '支出日期 — the day spent; not before the allocation' })
  spentOn!: string;

  @Field({ description: 'what the money was spent on' })
  note!: string;
}
