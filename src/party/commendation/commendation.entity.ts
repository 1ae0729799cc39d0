import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { CommendationKind, CommendationStatus } from './commendation.types';

/**
 * 优秀流出党员表彰 (OUTFLOW_6): the outflow branch's recommendation, decided by its committee or above, or its
 * record that it recommends nobody for a year. `outflowPath` copies the recommending branch's path for scope.
 */
@Entity({ tableName: 'commendation' })
@Index({ properties: ['outflowPath', 'status'] })
@ObjectType('Commendation', {
  implements: Node,
  description: '表彰推荐与决定 — a commendation of an outflow member: recommend → decide, or none this year',
})
export class Commendation implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => MobilityRecord, { ref: true, index: true })
  mobilityRecord!: Ref<MobilityRecord>;

  @Property({ type: 'string', length: 32 })
  @Field(() => CommendationKind, { description: '类型 — a recommendation, or none this year' })
  kind!: CommendationKind;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '年度 — the year it meets OUTFLOW_6 for' })
  year!: number;

  /** the recommending branch (the record's outflow organization) */
  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  outflowPath!: string;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: '推荐理由或说明 — the reason, or the note' })
  reason?: string | null;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '推荐（记录）日期 — the day recommended or recorded' })
  recordedOn!: string;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => CommendationStatus, {
    nullable: true,
    description: '审批状态 — for a recommendation; null for none this year',
  })
  status?: CommendationStatus | null;

  @ManyToOne(() => PartyOrganization, { ref: true, nullable: true })
  decidingOrganization?: Ref<PartyOrganization> | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '决定日期 — null until decided' })
  decidedOn?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: '决定说明 — the deciding body’s note' })
  decisionNote?: string | null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was recorded' })
  recordedAt!: Date;
}
