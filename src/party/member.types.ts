import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/scalars';

export enum MemberStatus {
  FULL = 'FULL',
  PROBATIONARY = 'PROBATIONARY',
}
registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  valuesConfig: { FULL: { description: '正式党员' }, PROBATIONARY: { description: '预备党员' } },
});

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, { name: 'Gender' });

@InputType('MemberFilter')
export class MemberFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'members whose formal organization is this one or below it',
  })
  withinId?: string | null;

  @Field(() => String, { nullable: true })
  nameContains?: string | null;

  @Field(() => MemberStatus, { nullable: true })
  status?: MemberStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only members who are 流动党员 today; false: only those who are not',
  })
  mobileOnly?: boolean | null;
}

@InputType('UpdateMemberInput')
export class UpdateMemberInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => DateScalar, { nullable: true })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: '18-character 身份证号' })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: '11-digit mobile number' })
  phone?: string | null;
}

@InputType('CreateMemberInput')
export class CreateMemberInput {
  @Field()
  name!: string;

  @Field(() => Gender)
  gender!: Gender;

  @Field(() => DateScalar, { nullable: true })
  birthDate?: string | null;

  @Field(() => MemberStatus)
  status!: MemberStatus;

  @Field(() => DateScalar, { description: '入党日期 (for a probationary member, the day admitted)' })
  joinedAt!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: '预备期满日, PROBATIONARY only; default joinedAt + 1 year (预备期一年)',
  })
  probationEndsAt?: string | null;

  @Field(() => ID, { description: 'a BRANCH (党支部) in the viewer’s scope' })
  formalOrganizationId!: string;

  @Field(() => String, { nullable: true })
  idNumber?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;
}
