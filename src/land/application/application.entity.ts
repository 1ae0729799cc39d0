import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { Node } from '../../common/node';
import { DateTimeScalar, DecimalScalar } from '../../common/scalars';
import { Auction } from '../auction/auction.entity';
import { Bidder } from '../bidder/bidder.entity';
import { ApplicationStatus } from './application.types';

/**
 * 竞买申请 — sole or joint. It owns its random deposit account (保证金账号) and, once the deposit is accepted,
 * its qualification (《网上竞买资格确认书》 number and 竞买号牌).
 */
@Entity({ tableName: 'auction_application' })
@Unique({ properties: ['auction', 'biddingNumber'] })
@ObjectType('Application', { implements: Node, description: '竞买申请 — an application to bid' })
export class Application implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => Auction)
  auction!: Auction;

  @Property({ type: 'boolean' })
  @Field({ description: '联合申请 — true for a joint application, false for a sole one' })
  joint!: boolean;

  @Property({ type: 'string', length: 32 })
  @Field(() => ApplicationStatus, { description: 'where the application stands' })
  status!: ApplicationStatus;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was submitted' })
  submittedAt!: Date;

  /** random digits from node:crypto, never derived from ids or counters */
  @Property({ type: 'string', length: 32, unique: true })
  depositAccountNumber!: string;

  @Property({ type: 'string', length: 200 })
  depositBankName!: string;

  @Property({ type: 'string', length: 200 })
  depositAccountName!: string;

  @Property({ type: new BigIntType('number') })
  depositAmountDue!: Fen;

  @Property({ type: 'string', length: 64, nullable: true })
  qualificationNumber: string | null = null;

  /** 竞买号牌: random, unique within the auction */
  @Property({ type: 'string', length: 16, nullable: true })
  biddingNumber: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  qualifiedAt: Date | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'why the trading centre rejected it' })
  rejectionReason: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;
}

/** One bidder of an application, with its share (100 for a sole applicant). */
@Entity({ tableName: 'application_member' })
@Unique({ properties: ['application', 'bidder'] })
@ObjectType('ApplicationMember', {
  description: '竞买申请人 — one bidder of an application, with its share (100 for a sole applicant)',
})
export class ApplicationMember {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Application)
  application!: Application;

  @ManyToOne(() => Bidder)
  @Index()
  bidder!: Bidder;

  @Property({ type: 'string', length: 16 })
  @Field(() => DecimalScalar, {
    description: 'share of a joint application, percent; 100 for a sole applicant',
  })
  sharePercent!: string;

  @Property({ type: 'boolean' })
  @Field({ description: 'true for the member that leads the application (the one that applied)' })
  lead!: boolean;

  /** the order the lead listed the members in */
  @Property({ type: 'integer' })
  position!: number;
}
