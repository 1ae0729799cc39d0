import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar, MoneyScalar } from '../common/scalars';

export enum AuctionStatus {
  IMPORTED = 'IMPORTED',
  DRAFT = 'DRAFT',
  ANNOUNCED = 'ANNOUNCED',
  QUOTING = 'QUOTING',
  TIMED_BIDDING = 'TIMED_BIDDING',
  AWARDED = 'AWARDED',
  DOCUMENTS_SUBMITTED = 'DOCUMENTS_SUBMITTED',
  CONFIRMED = 'CONFIRMED',
  FAILED = 'FAILED',
  DEFAULTED = 'DEFAULTED',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AuctionStatus, {
  name: 'AuctionStatus',
  valuesConfig: {
    IMPORTED: {
      description:
        'a notice recorded for reference (e.g. the seeded 2024C-5); trading happened elsewhere; never transitions',
    },
    DRAFT: { description: 'visible to the trading centre only' },
    ANNOUNCED: { description: '公告期 — published, quoting not yet open' },
    QUOTING: { description: '挂牌报价期' },
    TIMED_BIDDING: { description: '限时竞价' },
    AWARDED: { description: '成交 — highest bidder determined; documents due' },
    DOCUMENTS_SUBMITTED: { description: '竞得人已上传竞买资料' },
    CONFIRMED: { description: '已签订成交确认书' },
    FAILED: { description: '流拍 — no valid quote' },
    DEFAULTED: { description: '竞得人逾期未上传资料' },
    SUSPENDED: { description: '中止' },
    TERMINATED: { description: '终止' },
  },
});

export enum AuctionEventType {
  PUBLISHED = 'PUBLISHED',
  QUOTING_OPENED = 'QUOTING_OPENED',
  BID_PLACED = 'BID_PLACED',
  TIMED_BIDDING_STARTED = 'TIMED_BIDDING_STARTED',
  AWARDED = 'AWARDED',
  FAILED = 'FAILED',
  DOCUMENTS_SUBMITTED = 'DOCUMENTS_SUBMITTED',
  CONFIRMED = 'CONFIRMED',
  DEFAULTED = 'DEFAULTED',
  SUSPENDED = 'SUSPENDED',
  RESUMED = 'RESUMED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AuctionEventType, { name: 'AuctionEventType' });

export enum DocumentKind {
  BIDDING_DOCUMENTS = 'BIDDING_DOCUMENTS',
  BUSINESS_LICENSE = 'BUSINESS_LICENSE',
  IDENTITY = 'IDENTITY',
  JOINT_BIDDING_AGREEMENT = 'JOINT_BIDDING_AGREEMENT',
  OTHER = 'OTHER',
}
registerEnumType(DocumentKind, {
  name: 'DocumentKind',
  valuesConfig: { BIDDING_DOCUMENTS: { description: '《竞买须知》规定的竞买资料' } },
});

export enum AuctionOrderField {
  QUOTE_END = 'QUOTE_END',
  STARTING_PRICE = 'STARTING_PRICE',
  CURRENT_PRICE = 'CURRENT_PRICE',
  CODE = 'CODE',
}
registerEnumType(AuctionOrderField, { name: 'AuctionOrderField' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@ObjectType('Contact')
@InputType('ContactInput')
export class Contact {
  @Field()
  name!: string;

  @Field()
  phone!: string;
}

/** 出让方 or 交易机构, with address and contacts as the notice names them. */
@ObjectType('AuctionParty')
export class AuctionParty {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => [Contact])
  contacts!: Contact[];
}

@InputType('AuctionPartyInput')
export class AuctionPartyInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => [Contact], { nullable: true })
  contacts?: Contact[] | null;
}

/** The seven instants of a listing schedule; windows are half-open [start, end). */
export interface Schedule {
  announcementStart: Date;
  announcementEnd: Date;
  applicationStart: Date;
  applicationEnd: Date;
  depositDeadline: Date;
  quoteStart: Date;
  quoteEnd: Date;
}

export const SCHEDULE_FIELDS = [
  'announcementStart',
  'announcementEnd',
  'applicationStart',
  'applicationEnd',
  'depositDeadline',
  'quoteStart',
  'quoteEnd',
] as const satisfies readonly (keyof Schedule)[];

@ObjectType('AuctionSchedule', {
  description: "Times are the trading system server's (以交易系统服务器时间为准).",
})
export class AuctionSchedule implements Schedule {
  @Field(() => DateTimeScalar, { description: '挂牌公告时间' })
  announcementStart!: Date;

  @Field(() => DateTimeScalar)
  announcementEnd!: Date;

  @Field(() => DateTimeScalar, { description: '挂牌申请时间' })
  applicationStart!: Date;

  @Field(() => DateTimeScalar)
  applicationEnd!: Date;

  @Field(() => DateTimeScalar, { description: '竞买保证金截止时间' })
  depositDeadline!: Date;

  @Field(() => DateTimeScalar, { description: '挂牌报价时间' })
  quoteStart!: Date;

  @Field(() => DateTimeScalar)
  quoteEnd!: Date;

  @Field(() => DateTimeScalar, { description: '限时竞价时间 — starts when quoting ends' })
  timedBiddingStart!: Date;
}

@InputType('AuctionScheduleInput')
export class AuctionScheduleInput implements Schedule {
  @Field(() => DateTimeScalar)
  announcementStart!: Date;

  @Field(() => DateTimeScalar)
  announcementEnd!: Date;

  @Field(() => DateTimeScalar)
  applicationStart!: Date;

  @Field(() => DateTimeScalar)
  applicationEnd!: Date;

  @Field(() => DateTimeScalar)
  depositDeadline!: Date;

  @Field(() => DateTimeScalar)
  quoteStart!: Date;

  @Field(() => DateTimeScalar)
  quoteEnd!: Date;
}

@InputType('CreateAuctionInput')
export class CreateAuctionInput {
  @Field({ description: 'unique, e.g. 2024C-5' })
  code!: string;

  @Field()
  title!: string;

  @Field(() => ID)
  parcelId!: string;

  @Field(() => AuctionPartyInput, { description: '出让方' })
  seller!: AuctionPartyInput;

  @Field(() => AuctionPartyInput, { description: '交易机构' })
  tradingCenter!: AuctionPartyInput;

  @Field(() => MoneyScalar, { description: '挂牌起始价' })
  startingPrice!: number;

  @Field(() => MoneyScalar, { description: '竞价增加幅度' })
  increment!: number;

  @Field(() => MoneyScalar, { description: '竞买保证金' })
  deposit!: number;

  @Field(() => MoneyScalar, { nullable: true, description: '底价; omit for 不设底价' })
  reservePrice?: number | null;

  @Field(() => AuctionScheduleInput)
  schedule!: AuctionScheduleInput;

  @Field(() => Int, { nullable: true, description: 'seconds of a timed-bidding round; default 240' })
  timedBiddingRoundSeconds?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'default false' })
  jointApplicationAllowed?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'default 5' })
  documentUploadDays?: number | null;
}

@InputType('AuctionFilter')
export class AuctionFilter {
  @Field(() => [AuctionStatus], { nullable: true })
  status?: AuctionStatus[] | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'the parcel code, exact' })
  parcelCode?: string | null;
}

@InputType('AuctionOrder')
export class AuctionOrder {
  @Field(() => AuctionOrderField)
  field!: AuctionOrderField;

  @Field(() => OrderDirection)
  direction!: OrderDirection;
}

@InputType('DocumentInput')
export class DocumentInput {
  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Field()
  fileName!: string;

  @Field({ description: 'hex SHA-256 of the file' })
  sha256!: string;

  @Field(() => Int)
  sizeBytes!: number;
}

@ObjectType('AuctionSummary', { description: 'aggregates of public auction data' })
export class AuctionSummary {
  @Field(() => Int)
  auctions!: number;

  @Field(() => Int)
  awarded!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => MoneyScalar)
  totalFinalPrice!: number;

  @Field(() => DecimalScalar, { nullable: true })
  averagePremiumRatePercent!: string | null;

  @Field(() => Int)
  totalBids!: number;
}

@InputType('AuctionSummaryFilter')
export class AuctionSummaryFilter {
  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  district?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'quoteEnd ≥ this' })
  quoteEndFrom?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'quoteEnd < this' })
  quoteEndTo?: Date | null;
}

@ObjectType('DistrictAuctionSummary', {
  description:
    '分区成交统计 — auction figures of one (city, district) of the parcels: published auctions only (never DRAFT), the same figures as auctionSummary',
})
export class DistrictAuctionSummary {
  @Field({ description: '市 — city of the parcels' })
  city!: string;

  @Field({ description: '区/县 — district of the parcels' })
  district!: string;

  @Field(() => Int, { description: '挂牌宗数 — published auctions' })
  auctions!: number;

  @Field(() => Int, { description: '成交 — auctions awarded (AWARDED, DOCUMENTS_SUBMITTED or CONFIRMED)' })
  awarded!: number;

  @Field(() => Int, { description: '流拍 — auctions that FAILED' })
  failed!: number;

  @Field(() => Int, { description: '出价次数 — accepted bids over all the auctions' })
  totalBids!: number;

  @Field(() => MoneyScalar, { description: '成交总价 — sum of the final prices of the awarded auctions' })
  totalFinalPrice!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      '平均溢价率 — average premium rate, percent: the mean over awarded auctions of (finalPrice − startingPrice) / startingPrice × 100, computed exactly and rounded half-up to 2 decimals; null when nothing was sold',
  })
  averagePremiumRatePercent!: string | null;
}
