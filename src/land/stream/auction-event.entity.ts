import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { DateTimeScalar, MoneyScalar } from '../../common/scalars';
import { Auction } from '../auction/auction.entity';
import { AuctionEventType, AuctionStatus } from '../auction/auction.types';
import { Bid } from '../bid/bid.entity';

/**
 * One entry of an auction's append-only log (§1.8), written in the same transaction as the change it records,
 * with a per-auction sequence 1, 2, 3 … without gaps. Live subscriptions read it.
 */
@Entity({ tableName: 'auction_event' })
@Unique({ properties: ['auction', 'sequence'] })
@ObjectType('AuctionEvent', {
  description: "挂牌出让事件 — one entry of an auction's append-only log; what live viewers receive.",
})
export class AuctionEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Auction)
  auction!: Auction;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1, 2, 3 … per auction, no gaps; resume a stream with afterSequence' })
  sequence!: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => AuctionEventType, { description: 'what happened' })
  type!: AuctionEventType;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'server time of the change' })
  occurredAt!: Date;

  /** the auction's status after the event */
  @Property({ type: 'string', length: 32 })
  @Field(() => AuctionStatus, { description: 'the auction’s status after the event' })
  status!: AuctionStatus;

  /** a receipt finds its event by the bid */
  @ManyToOne(() => Bid, { nullable: true })
  @Index()
  bid: Bid | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'the auction’s current price after the event, in yuan; null before any bid',
  })
  currentPrice: Fen | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'as Auction.phaseEndsAt at the time of the event',
  })
  phaseEndsAt: Date | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "the operator's reason, for SUSPENDED, RESUMED and TERMINATED",
  })
  reason: string | null = null;

  /**
   * Set by the database in the transaction that appends the event (a trigger; src/common/trust/log-chain.ts
   * says what is hashed); null only for an event appended with AUCTION_RECEIPTS=off.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      '链哈希 — SHA-256 (hex) over previousHash and the canonical form of this event (README: verifying an auction)',
  })
  hash: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'the hash of the event before (for sequence 1, the genesis value derived from the auction code)',
  })
  previousHash: string | null = null;
}
