import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

export enum MemberStatus {
  FULL = 'FULL',
  PROBATIONARY = 'PROBATIONARY',
  PROBATION_CANCELLED = 'PROBATION_CANCELLED',
}
registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  description: '党员身份 — full or probationary membership',
  valuesConfig: {
    FULL: { description: '正式党员 — full member' },
    PROBATIONARY: { description: '预备党员 — probationary member' },
    PROBATION_CANCELLED: {
      description: '已取消预备党员资格 — probation cancelled (decideProbation CANCEL); no longer a member',
    },
  },
});

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, {
  name: 'Gender',
  description: '性别 — gender',
  valuesConfig: { MALE: { description: '男 — male' }, FEMALE: { description: '女 — female' } },
});

@InputType('MemberFilter', { description: '党员筛选 — which members to list; all given conditions apply' })
export class MemberFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'members whose formal organization is this one or below it',
  })
  withinId?: string | null;

  @Field(() => String, { nullable: true, description: 'part of the name, case-insensitive' })
  nameContains?: string | null;

  @Field(() => MemberStatus, { nullable: true, description: 'only full or only probationary members' })
  status?: MemberStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only members who are 流动党员 today; false: only those who are not',
  })
  mobileOnly?: boolean | null;
}

@InputType('UpdateMemberInput', {
  description: '党员信息变更 — changes to a member’s personal data; omitted fields stay as they are',
})
export class UpdateMemberInput {
  @Field(() => String, { nullable: true, description: 'new name' })
  name?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '出生日期 — new birth date' })
  birthDate?: string | null;

  @Field(() => String, { nullable: true, description: '18-character 身份证号' })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: '11-digit mobile number' })
  phone?: string | null;
}

@InputType('CreateMemberInput', { description: '党员 — a new party member of a branch' })
export class CreateMemberInput {
  @Field({ description: '姓名 — name' })
  name!: string;

  @Field(() => Gender, { description: '性别 — gender' })
  gender!: Gender;

  @Field(() => DateScalar, {
    nullable: true,
    description: '出生日期 — birth date; a member joins at 18 or older',
  })
  birthDate?: string | null;

  @Field(() => MemberStatus, { description: '党员身份 — full or probationary' })
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

  @Field(() => String, {
    nullable: true,
    description: '身份证号 — 18-character identity number with a valid check digit; unique (CONFLICT)',
  })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: '联系电话 — 11-digit mobile number' })
  phone?: string | null;
}
