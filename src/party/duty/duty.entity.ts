import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateTimeScalar } from '../../common/scalars';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { DutySource } from './duty.types';

/**
 * 履责记录 — a duty met for a mobility record, by hand (recordDuty) or by the event that meets it (a report, an
 * attended activity, a care record …). Analytics read only this table for duties, so every way of meeting a duty
 * writes a row here. `performedOn` is the Asia/Shanghai day of `performedAt`.
 */
@Entity({ tableName: 'duty_record' })
@Index({ properties: ['mobilityRecord', 'dutyCode', 'performedOn'] })
@ObjectType('DutyRecord', {
  implements: Node,
  description: '履责记录 — a duty of the 责任清单 met for a mobility record',
})
export class DutyRecord implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => MobilityRecord, { ref: true })
  mobilityRecord!: Ref<MobilityRecord>;

  @Property({ type: 'string', length: 16 })
  dutyCode!: string;

  /** the organization that did it; null when the member did it */
  @ManyToOne(() => PartyOrganization, { ref: true, nullable: true })
  organization?: Ref<PartyOrganization> | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when the duty was done' })
  performedAt!: Date;

  @Property({ type: 'string', length: 10 })
  performedOn!: string;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'what was done' })
  note?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => DutySource, { description: '履责来源 — recorded by hand or by the event that met the duty' })
  source!: DutySource;

  /** the token subject that recorded it */
  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
