import { BigIntType, Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { newId } from '../common/ids';
import type { Fen } from '../common/money';
import { DateTimeScalar, MoneyScalar } from '../common/scalars';
import { Application } from './application.entity';
import { Auction } from './auction.entity';
import { Bidder } from './bidder.entity';
import { DocumentKind } from './auction.types';

/** 成交 — written once, at the award, in the same transaction as the AWARDED event. */
@Entity({ tableName: 'auction_result' })
@ObjectType('AuctionResult')
export class AuctionResult {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Auction, { unique: true })
  auction!: Auction;

  @ManyToOne(() => Application)
  winnerApplication!: Application;

  @Property({ type: 'string', length: 16 })
  @Field()
  winnerBiddingNumber!: string;

  /** as published at the award (成交公示); joint winners joined with '、' */
  @Property({ type: 'string', length: 1000 })
  winnerName!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar)
  finalPrice!: Fen;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  awardedAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, {
    description:
      '24:00 Asia/Shanghai at the end of the documentUploadDays-th calendar day after the award day',
  })
  documentsDueAt!: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: '《国有建设用地使用权挂牌出让成交通知书》编号, issued when documents are submitted',
  })
  transactionNoticeNumber: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: '《国有建设用地使用权成交确认书》签订时间' })
  confirmationSignedAt: Date | null = null;
}

/** A file the winner submitted (its hash and size; the file itself is kept by the trading system). */
@Entity({ tableName: 'submitted_document' })
@ObjectType('SubmittedDocument')
export class SubmittedDocument {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => AuctionResult)
  result!: AuctionResult;

  @ManyToOne(() => Bidder)
  submittedBy!: Bidder;

  @Property({ type: 'string', length: 32 })
  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Property({ type: 'string', length: 255 })
  @Field()
  fileName!: string;

  @Property({ type: 'string', length: 64 })
  @Field()
  sha256!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  sizeBytes!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  submittedAt!: Date;

  /** the order the winner listed them in */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;
}
