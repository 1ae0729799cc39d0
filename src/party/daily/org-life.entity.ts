import { Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { OrgLifeType } from './org-life.types';

@Entity({ tableName: 'org_life_activity' })
@ObjectType('OrgLifeActivity', {
  implements: Node,
  description:
    '组织生活 — an organizational-life activity: a member belongs to one organization and may take part in several (一方隶属、参加多重组织生活)',
})
export class OrgLifeActivity implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255, index: true })
  organizationPath!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => OrgLifeType, { description: '组织生活形式 — kind of activity' })
  type!: OrgLifeType;

  @Property({ type: 'string', length: 500 })
  @Field({ description: '主题 — topic' })
  topic!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was held' })
  heldAt!: Date;

  @Property({ type: 'boolean' })
  @Field({ description: 'true when held online' })
  online!: boolean;

  @ManyToMany(() => PartyMember, undefined, { pivotTable: 'org_life_attendance', owner: true })
  attendees = new Collection<PartyMember>(this);

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
