import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { EnumListType } from '../../common/orm-types';
import { DecimalScalar } from '../../common/scalars';
import { LandUse, LeaseTerm, ParcelObligation, PlanningIndicators } from './parcel.types';

/** 宗地 — a parcel of state-owned construction land offered for its use right. */
@Entity({ tableName: 'land_parcel' })
@ObjectType('LandParcel', { implements: Node, description: '宗地 — a parcel whose use right is offered' })
export class LandParcel implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 64, unique: true })
  @Field({ description: '编号 — parcel code, e.g. 2024C-5' })
  code!: string;

  @Property({ type: 'string', length: 64 })
  @Index()
  @Field({ description: '城市 — city' })
  city!: string;

  @Property({ type: 'string', length: 64 })
  @Field({ description: '区县 — district' })
  district!: string;

  @Property({ type: 'string', length: 500 })
  @Field({ description: '土地位置 — location' })
  location!: string;

  /** kept as the exact decimal string of the notice */
  @Property({ type: 'string', length: 32 })
  @Field(() => DecimalScalar, { description: '出让面积（平方米） — area offered, m²' })
  areaSqm!: string;

  @Property({ type: EnumListType })
  @Field(() => [LandUse], { description: '土地用途 — land uses' })
  landUses!: LandUse[];

  @Property({ type: 'json' })
  @Field(() => PlanningIndicators, { description: '规划指标 — planning indicators' })
  planning!: PlanningIndicators;

  @Property({ type: 'json' })
  @Field(() => [LeaseTerm], { description: '出让年限 — lease term per land use' })
  leaseTerms!: LeaseTerm[];

  @Property({ type: 'json' })
  @Field(() => [ParcelObligation], {
    description: '竞得人义务 — obligations of the buyer, e.g. 原址回迁安置',
  })
  obligations: ParcelObligation[] = [];

  @Property({ type: 'json' })
  @Field(() => [String], { description: '其他说明 — further notes' })
  notes: string[] = [];

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
