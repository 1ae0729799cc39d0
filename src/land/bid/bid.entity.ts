import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { Node } from '../../common/node';
import { DateTimeScalar, MoneyScalar } from '../../common/scalars';
import { Application } from '../application/application.entity';
import { Auction } from '../auction/auction.entity';
import { Bidder } from '../bidder/bidder.entity';
import { BidPhase } from './bid.types';

/**
 * An accepted bid: never changed or deleted. The unique constraints are the last line of defence behind the
 * auction's row lock: no sequence or amount twice in an auction, no idempotency key twice for a bidder.
 */
@Entity({ tableName: 'bid' })
@Unique({ properties: ['auction', 'sequence'] })
@Unique({ properties: ['auction', 'amount'] })
@Unique({ properties: ['bidder', 'idempotencyKey'] })
@ObjectType('Bid', {
  implements: Node,
  description: '报价 — an accepted bid, shown under its bidding number only',
})
export class Bid implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => Auction)
  auction!: Auction;

  @ManyToOne(() => Application)
  @Index()
  application!: Application;

  /** the member who placed it (idempotency keys are per bidder) */
  @ManyToOne(() => Bidder)
  bidder!: Bidder;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1, 2, 3 … per auction, no gaps, in acceptance order' })
  sequence!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: '报价金额 — the amount bid, in yuan' })
  amount!: Fen;

  @Property({ type: 'string', length: 16 })
  @Field(() => BidPhase, { description: 'quoting or timed bidding' })
  phase!: BidPhase;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'server time of acceptance' })
  placedAt!: Date;

  @Property({ type: 'string', length: 16 })
  @Field({ description: "竞买号牌 — the bidder's public pseudonym in this auction" })
  biddingNumber!: string;

  @Property({ type: 'string', length: 100 })
  idempotencyKey!: string;
}
