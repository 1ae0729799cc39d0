import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { TransferStatus } from './transfer.types';

/** 组织关系转接 (应转尽转): requested, then completed or rejected by the receiving side. */
@Entity({ tableName: 'relationship_transfer' })
@ObjectType('RelationshipTransfer', {
  implements: Node,
  description: '组织关系转接 (应转尽转) — a transfer of a member’s formal organizational relationship',
})
export class RelationshipTransfer implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true })
  member!: Ref<PartyMember>;

  /** the member's id while REQUESTED, else null: one open request per member */
  @Property({ type: 'uuid', nullable: true, unique: true })
  openKey?: string | null;

  @ManyToOne(() => PartyOrganization, { ref: true })
  fromOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255, index: true })
  fromPath!: string;

  @ManyToOne(() => PartyOrganization, { ref: true })
  toOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255, index: true })
  toPath!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => TransferStatus, { description: '转接状态 — where the transfer stands' })
  status!: TransferStatus;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was requested' })
  requestedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when it was completed or rejected; null while REQUESTED',
  })
  decidedAt?: Date | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'the request’s note, or the reason when rejected' })
  note?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'the note given with the request' })
  requestNote?: string | null;
}
