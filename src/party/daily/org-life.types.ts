import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../common/scalars';

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
  description: '组织生活形式 — the kind of an organizational-life activity',
  valuesConfig: {
    BRANCH_ASSEMBLY: { description: '支部党员大会 — general meeting of the branch members' },
    BRANCH_COMMITTEE: { description: '支部委员会 — meeting of the branch committee' },
    GROUP_MEETING: { description: '党小组会 — party group meeting' },
    PARTY_LECTURE: { description: '党课 — party lecture' },
    THEME_DAY: { description: '主题党日 — themed party day' },
    ONLINE_STUDY: { description: '线上学习 — online study; meets duty OUTFLOW_4 for attendees' },
    CENTRALIZED_EDUCATION: {
      description: '党内集中学习教育 — centralized study and education within the party',
    },
  },
});

@InputType('RecordOrgLifeInput', {
  description: '组织生活 — an organizational-life activity held, with its attendees',
})
export class RecordOrgLifeInput {
  @Field(() => ID, { description: 'the organization that held it; the caller must administer it' })
  organizationId!: string;

  @Field(() => OrgLifeType, { description: '组织生活形式 — kind of activity' })
  type!: OrgLifeType;

  @Field({ description: '主题 — topic' })
  topic!: string;

  @Field(() => DateTimeScalar, { description: 'when it was held; not in the future' })
  heldAt!: Date;

  @Field({ description: 'true when held online' })
  online!: boolean;

  @Field(() => [ID], { description: 'members of any organization (一方隶属、参加多重组织生活)' })
  attendeeIds!: string[];
}
