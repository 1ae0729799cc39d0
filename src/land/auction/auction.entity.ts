import { BigIntType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { Node } from '../../common/node';
import { DateTimeScalar, MoneyScalar } from '../../common/scalars';
import { LandParcel } from '../parcel/parcel.entity';
import { AuctionParty, AuctionStatus, type Schedule } from './auction.types';

/**
 * 挂牌出让 — one listing of a parcel's use right. The row also carries the live state of trading
 * (status, the stored deadline of the current phase, the current price and the per-auction sequences),
 * changed only under the auction's row lock by conditional updates (auction.service.ts).
 */
@Entity({ tableName: 'auction' })
@ObjectType('Auction', { implements: Node, description: '挂牌出让 — a listing auction of a land use right' })
export class Auction implements Node, Schedule {
  [OptionalProps]?:
    | 'reservePrice'
    | 'statusReason'
    | 'phaseEndsAt'
    | 'suspendedFrom'
    | 'suspendedAt'
    | 'currentPrice'
    | 'leadingBidId'
    | 'leadingApplicationId'
    | 'lastBidSequence'
    | 'lastEventSequence'
    | 'version';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 64, unique: true })
  @Field({ description: 'auction code, unique, e.g. 2024C-5' })
  code!: string;

  @Property({ type: 'string', length: 500 })
  @Field({ description: 'title of the listing' })
  title!: string;

  @ManyToOne(() => LandParcel)
  parcel!: LandParcel;

  @Property({ type: 'json' })
  @Field(() => AuctionParty, { description: '出让方 — the seller' })
  seller!: AuctionParty;

  @Property({ type: 'json' })
  @Field(() => AuctionParty, { description: '交易机构 — the trading centre' })
  tradingCenter!: AuctionParty;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: '挂牌起始价 — starting price in yuan' })
  startingPrice!: Fen;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, {
    description: '竞价增加幅度 — increment per step in yuan; every bid is startingPrice + k × increment',
  })
  increment!: Fen;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, {
    description: '竞买保证金 — deposit each application must pay in full, in yuan',
  })
  deposit!: Fen;

  /** 底价: confidential (land.policy.ts decides who reads it) */
  @Property({ type: new BigIntType('number'), nullable: true })
  reservePrice: Fen | null = null;

  @Property({ type: 'datetime' })
  announcementStart!: Date;

  @Property({ type: 'datetime' })
  announcementEnd!: Date;

  @Property({ type: 'datetime' })
  applicationStart!: Date;

  @Property({ type: 'datetime' })
  applicationEnd!: Date;

  @Property({ type: 'datetime' })
  depositDeadline!: Date;

  @Property({ type: 'datetime' })
  quoteStart!: Date;

  @Property({ type: 'datetime' })
  @Index()
  quoteEnd!: Date;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'each accepted timed bid restarts a round of this many seconds' })
  timedBiddingRoundSeconds!: number;

  @Property({ type: 'boolean' })
  @Field({
    description:
      '申请人可以单独申请，也可以联合申请 — whether joint applications are allowed besides sole ones',
  })
  jointApplicationAllowed!: boolean;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '最高报价人于交易结束之日起 N 日内上传竞买资料' })
  documentUploadDays!: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => AuctionStatus, { description: 'current state of the auction' })
  status!: AuctionStatus;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "the operator's reason for the last SUSPENDED / TERMINATED",
  })
  statusReason: string | null = null;

  /** the stored deadline of the current phase; the scheduler and every read act on it (never a timer only) */
  @Property({ type: 'datetime', nullable: true })
  @Index()
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'ANNOUNCED: quoteStart; QUOTING: quoteEnd; TIMED_BIDDING: end of the round; AWARDED: documentsDueAt; otherwise null',
  })
  phaseEndsAt: Date | null = null;

  /** while SUSPENDED: the state it left and when */
  @Property({ type: 'string', length: 32, nullable: true })
  suspendedFrom: AuctionStatus | null = null;

  @Property({ type: 'datetime', nullable: true })
  suspendedAt: Date | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => MoneyScalar, {
    nullable: true,
    description: '当前价 — the leading bid’s amount in yuan; null before any bid',
  })
  currentPrice: Fen | null = null;

  @Property({ type: 'uuid', nullable: true })
  leadingBidId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  leadingApplicationId: string | null = null;

  /** sequence of the last accepted bid: also the number of bids */
  @Property({ type: 'integer' })
  lastBidSequence: number = 0;

  @Property({ type: 'integer' })
  lastEventSequence: number = 0;

  /** bumped by every change of the trading state; conditional updates compare it */
  @Property({ type: 'integer' })
  version: number = 1;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
