import { BigIntType, Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { DateTimeScalar, MoneyScalar } from '../../common/scalars';
import { Application } from '../application/application.entity';
import { Auction } from '../auction/auction.entity';
import { Bidder } from '../bidder/bidder.entity';
import { DocumentKind } from '../auction/auction.types';
import { UploadedDocument } from '../document/document.entity';

/** 成交 — written once, at the award, in the same transaction as the AWARDED event. */
@Entity({ tableName: 'auction_result' })
@ObjectType('AuctionResult', {
  description:
    '成交结果 — the award of an auction: the winner, the final price and what follows (成交通知书, 成交确认书)',
})
export class AuctionResult {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Auction, { unique: true })
  auction!: Auction;

  @ManyToOne(() => Application)
  winnerApplication!: Application;

  @Property({ type: 'string', length: 16 })
  @Field({ description: '竞得人竞买号牌 — bidding number of the winning application' })
  winnerBiddingNumber!: string;

  /** as published at the award (成交公示); joint winners joined with '、' */
  @Property({ type: 'string', length: 1000 })
  winnerName!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: '成交价 — final price in yuan (the winning bid)' })
  finalPrice!: Fen;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when the highest bidder was determined' })
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
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      '《国有建设用地使用权成交确认书》签订时间 — when the seller signed the confirmation; null before',
  })
  confirmationSignedAt: Date | null = null;
}

/** A file the winner submitted: its uploaded, signed bytes are kept by the blob store (document). */
@Entity({ tableName: 'submitted_document' })
@ObjectType('SubmittedDocument', {
  description:
    '竞买资料 — a document the winner uploaded, signed with its CA certificate, and submitted after the award (download it from GET /documents/{documentId})',
})
export class SubmittedDocument {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => AuctionResult)
  result!: AuctionResult;

  @ManyToOne(() => Bidder)
  submittedBy!: Bidder;

  @Property({ type: 'string', length: 32 })
  @Field(() => DocumentKind, { description: 'what the document is' })
  kind!: DocumentKind;

  @Property({ type: 'string', length: 255 })
  @Field({ description: 'file name as uploaded' })
  fileName!: string;

  @Property({ type: 'string', length: 64 })
  @Field({ description: 'hex SHA-256 of the file' })
  sha256!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'file size in bytes' })
  sizeBytes!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was submitted' })
  submittedAt!: Date;

  /** the uploaded, signed file (null for documents recorded before uploads existed) */
  @ManyToOne(() => UploadedDocument, { nullable: true })
  document: UploadedDocument | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      '文件类型 — the type the server sniffed from the bytes (application/pdf, image/jpeg, image/png, application/ofd)',
  })
  contentType: string | null = null;

  /** the order the winner listed them in */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;
}
