import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../../common/scalars';

export enum RoleModelKind {
  DEMONSTRATION_POST = 'DEMONSTRATION_POST',
  RESPONSIBILITY_AREA = 'RESPONSIBILITY_AREA',
  PLEDGE = 'PLEDGE',
  VOLUNTEER_SERVICE = 'VOLUNTEER_SERVICE',
}
registerEnumType(RoleModelKind, {
  name: 'RoleModelKind',
  description: '作用发挥方式 — how a member plays a vanguard role',
  valuesConfig: {
    DEMONSTRATION_POST: { description: '党员示范岗 — a party-member demonstration post' },
    RESPONSIBILITY_AREA: { description: '党员责任区 — a party-member responsibility area' },
    PLEDGE: { description: '承诺践诺 — a pledge made and kept' },
    VOLUNTEER_SERVICE: { description: '志愿服务 — volunteer service' },
  },
});

@InputType('RecordRoleModelInput', { description: '作用发挥 — role-model work of a member' })
export class RecordRoleModelInput {
  @Field(() => ID, { description: 'the member' })
  memberId!: string;

  @Field(() => ID, {
    description:
      'the organization recording it: the member’s formal organization or one above it, or one on the inflow side of the member’s active record (BAD_USER_INPUT otherwise)',
  })
  organizationId!: string;

  @Field(() => RoleModelKind, { description: '作用发挥方式 — kind of work' })
  kind!: RoleModelKind;

  @Field({ description: 'what the member does, at most 1000 characters' })
  description!: string;

  @Field(() => DateScalar, { description: 'first day; not in the future' })
  startedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'last day, if it has ended; not before startedOn' })
  endedOn?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'hours of service, at most 2 decimals' })
  hours?: string | null;
}
