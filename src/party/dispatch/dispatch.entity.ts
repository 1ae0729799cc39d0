import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { PartyOrganization } from '../organization/organization.entity';

/**
 * 调度事项 — a work item a county (or higher) organization department issues to a base committee: issued → answered
 * → closed; an issued item past its due day reads OVERDUE (the stored status stays ISSUED, so the day decides
 * and nothing has to sweep). Both organizations' paths are copied for scope filters.
 */
@Entity({ tableName: 'dispatch_work_item' })
@Index({ properties: ['committeePath', 'dueOn'] })
@Index({ properties: ['issuerPath', 'dueOn'] })
@ObjectType('WorkItem', {
  implements: Node,
  description: '调度事项 — a work item issued by a county organization department to a base committee',
})
export class WorkItem implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  issuingOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  issuerPath!: string;

  @ManyToOne(() => PartyOrganization, { ref: true })
  committee!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  committeePath!: string;

  @Property({ type: 'string', length: 200 })
  @Field({ description: '标题 — title' })
  title!: string;

  @Property({ type: 'string', length: 4000 })
  @Field({ description: '内容 — what is to be done' })
  content!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '下发日期 — the day it was issued' })
  issuedOn!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '办理时限 — the day the answer is due' })
  dueOn!: string;

  /** ISSUED, ANSWERED or CLOSED; OVERDUE is derived (dispatch.rules.ts) */
  @Property({ type: 'string', length: 16 })
  state!: string;

  @Property({ type: 'string', length: 4000, nullable: true })
  @Field(() => String, { nullable: true, description: '答复内容 — the committee’s answer; null before' })
  answer?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '答复日期 — null before the answer' })
  answeredOn?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '办结日期 — null until closed' })
  closedOn?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: '办结意见 — the issuer’s note on closing' })
  closingNote?: string | null;

  @Property({ type: 'string', length: 200 })
  issuedBy!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  answeredBy?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was issued' })
  createdAt!: Date;
}
