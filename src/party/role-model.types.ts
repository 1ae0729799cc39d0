import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../common/scalars';

export enum RoleModelKind {
  DEMONSTRATION_POST = 'DEMONSTRATION_POST',
  RESPONSIBILITY_AREA = 'RESPONSIBILITY_AREA',
  PLEDGE = 'PLEDGE',
  VOLUNTEER_SERVICE = 'VOLUNTEER_SERVICE',
}
registerEnumType(RoleModelKind, {
  name: 'RoleModelKind',
  valuesConfig: {
    DEMONSTRATION_POST: { description: '党员示范岗' },
    RESPONSIBILITY_AREA: { description: '党员责任区' },
    PLEDGE: { description: '承诺践诺' },
    VOLUNTEER_SERVICE: { description: '志愿服务' },
  },
});

@InputType('RecordRoleModelInput')
export class RecordRoleModelInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => RoleModelKind)
  kind!: RoleModelKind;

  @Field()
  description!: string;

  @Field(() => DateScalar)
  startedOn!: string;

  @Field(() => DateScalar, { nullable: true })
  endedOn?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'hours of service, at most 2 decimals' })
  hours?: string | null;
}
