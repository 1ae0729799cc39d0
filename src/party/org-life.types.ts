import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';

export enum OrgLifeType {
  BRANCH_ASSEMBLY = 'BRANCH_ASSEMBLY',
  BRANCH_COMMITTEE = 'BRANCH_COMMITTEE',
  GROUP_MEETING = 'GROUP_MEETING',
  PARTY_LECTURE = 'PARTY_LECTURE',
  THEME_DAY = 'THEME_DAY',
  ONLINE_STUDY = 'ONLINE_STUDY',
  CENTRALIZED_EDUCATION = 'CENTRALIZED_EDUCATION',
}
registerEnumType(OrgLifeType, {
  name: 'OrgLifeType',
  valuesConfig: {
    BRANCH_ASSEMBLY: { description: '支部党员大会' },
    BRANCH_COMMITTEE: { description: '支部委员会' },
    GROUP_MEETING: { description: '党小组会' },
    PARTY_LECTURE: { description: '党课' },
    THEME_DAY: { description: '主题党日' },
    ONLINE_STUDY: { description: '线上学习' },
    CENTRALIZED_EDUCATION: { description: '党内集中学习教育' },
  },
});

@InputType('RecordOrgLifeInput')
export class RecordOrgLifeInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => OrgLifeType)
  type!: OrgLifeType;

  @Field()
  topic!: string;

  @Field(() => DateTimeScalar)
  heldAt!: Date;

  @Field()
  online!: boolean;

  @Field(() => [ID], { description: 'members of any organization (一方隶属、参加多重组织生活)' })
  attendeeIds!: string[];
}
