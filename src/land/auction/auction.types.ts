import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar, MoneyScalar } from '../../common/scalars';

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
  description: '挂牌出让状态 — where a listing auction stands in its state machine',
  valuesConfig: {
    IMPORTED: {
      description:
        'a notice recorded for reference (e.g. the seeded 2024C-5); trading happened elsewhere; never transitions',
    },
    DRAFT: { description: 'visible to the trading centre only' },
    ANNOUNCED: { description: '公告期 — published, quoting not yet open' },
    QUOTING: { description: '挂牌报价期 — quoting is open, from quoteStart to quoteEnd' },
    TIMED_BIDDING: {
      description: '限时竞价 — timed bidding rounds after quoting, among the applications that quoted',
    },
    AWARDED: { description: '成交 — highest bidder determined; documents due' },
    DOCUMENTS_SUBMITTED: {
      description: '竞得人已上传竞买资料 — the winner has uploaded its bidding documents',
    },
    CONFIRMED: { description: '已签订成交确认书 — the seller has signed the confirmation; trading is over' },
    FAILED: { description: '流拍 — no valid quote' },
    DEFAULTED: {
      description: '竞得人逾期未上传资料 — the winner missed documentsDueAt; its deposit is forfeited',
    },
    SUSPENDED: { description: '中止 — suspended by the trading centre; no bids or applications are taken' },
    TERMINATED: { description: '终止 — terminated by the trading centre; final' },
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
registerEnumType(AuctionEventType, {
  name: 'AuctionEventType',
  description: '挂牌出让事件类型 — what an entry of the auction event log records',
  valuesConfig: {
    PUBLISHED: { description: '发布 — the trading centre published the auction (DRAFT → ANNOUNCED)' },
    QUOTING_OPENED: { description: '挂牌报价开始 — quoting opened at quoteStart' },
    BID_PLACED: { description: '报价 — a bid was accepted; the event carries it' },
    TIMED_BIDDING_STARTED: {
      description: '进入限时竞价 — quoting ended with bids from two or more applications',
    },
    AWARDED: { description: '成交 — the highest bidder was determined' },
    FAILED: { description: '流拍 — the auction ended without a sale' },
    DOCUMENTS_SUBMITTED: { description: 'the winner submitted its bidding documents (竞买资料)' },
    CONFIRMED: { description: 'the seller signed the 《成交确认书》' },
    DEFAULTED: { description: 'the winner did not submit its documents by documentsDueAt' },
    SUSPENDED: { description: '中止 — the trading centre suspended the auction' },
    RESUMED: { description: 'the trading centre resumed a suspended auction' },
    TERMINATED: { description: '终止 — the trading centre terminated the auction' },
  },
});

export enum DocumentKind {
  BIDDING_DOCUMENTS = 'BIDDING_DOCUMENTS',
  BUSINESS_LICENSE = 'BUSINESS_LICENSE',
  IDENTITY = 'IDENTITY',
  JOINT_BIDDING_AGREEMENT = 'JOINT_BIDDING_AGREEMENT',
  OTHER = 'OTHER',
}
registerEnumType(DocumentKind, {
  name: 'DocumentKind',
  description: '竞买资料类别 — the kind of a document the winner uploads after the award',
  valuesConfig: {
    BIDDING_DOCUMENTS: {
      description: '《竞买须知》规定的竞买资料 — the bidding documents; at least one is required',
    },
    BUSINESS_LICENSE: { description: '营业执照 — business licence' },
    IDENTITY: { description: '身份证明 — proof of identity' },
    JOINT_BIDDING_AGREEMENT: {
      description: '联合竞买协议 — agreement among the members of a joint application',
    },
    OTHER: { description: 'any other document' },
  },
});

export enum AuctionOrderField {
  QUOTE_END = 'QUOTE_END',
  STARTING_PRICE = 'STARTING_PRICE',
  CURRENT_PRICE = 'CURRENT_PRICE',
  CODE = 'CODE',
}
registerEnumType(AuctionOrderField, {
  name: 'AuctionOrderField',
  description: '排序字段 — what a list of auctions is sorted by',
  valuesConfig: {
    QUOTE_END: { description: 'the end of quoting (the default)' },
    STARTING_PRICE: { description: '挂牌起始价 — the starting price' },
    CURRENT_PRICE: { description: 'the current price; auctions without a bid sort as the lowest' },
    CODE: { description: 'the auction code' },
  },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: '排序方向 — ascending or descending',
  valuesConfig: {
    ASC: { description: 'ascending, smallest first' },
    DESC: { description: 'descending, largest first (the default)' },
  },
});

@ObjectType('Contact', {
  description: '联系人 — a contact person and telephone number, as the notice lists them',
})
@InputType('ContactInput', { description: '联系人 — a contact person and telephone number' })
export class Contact {
  @Field({ description: '联系人 — the contact’s name, e.g. 朱女士' })
  name!: string;

  @Field({ description: '联系电话 — telephone number, e.g. 0971-6146324' })
  phone!: string;
}

/** 出让方 or 交易机构, with address and contacts as the notice names them. */
@ObjectType('AuctionParty', {
  description: '出让方/交易机构 — the seller or the trading centre of an auction, with address and contacts',
})
export class AuctionParty {
  @Field({ description: 'name, e.g. 西宁市自然资源和规划局' })
  name!: string;

  @Field(() => String, { nullable: true, description: '地址 — postal address' })
  address?: string | null;

  @Field(() => [Contact], { description: '联系人及联系电话 — contacts' })
  contacts!: Contact[];
}

@InputType('AuctionPartyInput', {
  description: '出让方/交易机构 — the seller or the trading centre of a new auction',
})
export class AuctionPartyInput {
  @Field({ description: 'name, e.g. 西宁市公共资源交易中心' })
  name!: string;

  @Field(() => String, { nullable: true, description: '地址 — postal address' })
  address?: string | null;

  @Field(() => [Contact], { nullable: true, description: '联系人及联系电话 — contacts; default none' })
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
  description:
    "挂牌出让时间安排 — the listing schedule. Times are the trading system server's (以交易系统服务器时间为准); windows are half-open [start, end).",
})
export class AuctionSchedule implements Schedule {
  @Field(() => DateTimeScalar, { description: '挂牌公告时间 — the announcement starts' })
  announcementStart!: Date;

  @Field(() => DateTimeScalar, { description: 'the announcement ends (exclusive)' })
  announcementEnd!: Date;

  @Field(() => DateTimeScalar, { description: '挂牌申请时间 — applications open' })
  applicationStart!: Date;

  @Field(() => DateTimeScalar, {
    description: 'applications close (exclusive); none is taken at or after the deposit deadline either',
  })
  applicationEnd!: Date;

  @Field(() => DateTimeScalar, {
    description: '竞买保证金截止时间 — a deposit counts only if the bank received it before this',
  })
  depositDeadline!: Date;

  @Field(() => DateTimeScalar, { description: '挂牌报价时间 — quoting opens (inclusive)' })
  quoteStart!: Date;

  @Field(() => DateTimeScalar, { description: 'quoting ends (exclusive); timed bidding may follow' })
  quoteEnd!: Date;

  @Field(() => DateTimeScalar, { description: '限时竞价时间 — starts when quoting ends' })
  timedBiddingStart!: Date;
}

@InputType('AuctionScheduleInput', {
  description:
    '挂牌出让时间安排 — a listing schedule; must be in order (announcementStart ≤ applicationStart ≤ applicationEnd ≤ quoteEnd, depositDeadline ≤ applicationEnd, quoteStart < quoteEnd, announcementStart ≤ announcementEnd ≤ quoteStart), else INVALID_SCHEDULE',
})
export class AuctionScheduleInput implements Schedule {
  @Field(() => DateTimeScalar, { description: '挂牌公告时间 — the announcement starts' })
  announcementStart!: Date;

  @Field(() => DateTimeScalar, { description: 'the announcement ends (exclusive)' })
  announcementEnd!: Date;

  @Field(() => DateTimeScalar, { description: '挂牌申请时间 — applications open' })
  applicationStart!: Date;

  @Field(() => DateTimeScalar, { description: 'applications close (exclusive)' })
  applicationEnd!: Date;

  @Field(() => DateTimeScalar, { description: '竞买保证金截止时间 — deposits must arrive before this' })
  depositDeadline!: Date;

  @Field(() => DateTimeScalar, { description: '挂牌报价时间 — quoting opens (inclusive)' })
  quoteStart!: Date;

  @Field(() => DateTimeScalar, { description: 'quoting ends (exclusive); timed bidding starts here' })
  quoteEnd!: Date;
}

@InputType('CreateAuctionInput', {
  description: '挂牌出让 — a new listing auction of a parcel, created as DRAFT',
})
export class CreateAuctionInput {
  @Field({ description: 'auction code, unique, e.g. 2024C-5' })
  code!: string;

  @Field({ description: 'title shown in listings' })
  title!: string;

  @Field(() => ID, { description: '宗地 — id of the land parcel offered' })
  parcelId!: string;

  @Field(() => AuctionPartyInput, { description: '出让方 — the seller, e.g. the natural resources bureau' })
  seller!: AuctionPartyInput;

  @Field(() => AuctionPartyInput, { description: '交易机构 — the trading centre that runs the auction' })
  tradingCenter!: AuctionPartyInput;

  @Field(() => MoneyScalar, { description: '挂牌起始价 — starting price in yuan' })
  startingPrice!: number;

  @Field(() => MoneyScalar, { description: '竞价增加幅度 — increment per step in yuan' })
  increment!: number;

  @Field(() => MoneyScalar, { description: '竞买保证金 — deposit each application must pay, in yuan' })
  deposit!: number;

  @Field(() => MoneyScalar, { nullable: true, description: '底价; omit for 不设底价' })
  reservePrice?: number | null;

  @Field(() => AuctionScheduleInput, { description: '挂牌出让时间安排 — the listing schedule' })
  schedule!: AuctionScheduleInput;

  @Field(() => Int, { nullable: true, description: 'seconds of a timed-bidding round; default 240' })
  timedBiddingRoundSeconds?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '可以联合申请 — whether joint applications are allowed; default false',
  })
  jointApplicationAllowed?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: 'calendar days after the award for the winner to upload its documents; default 5',
  })
  documentUploadDays?: number | null;
}

@InputType('AuctionFilter', {
  description: '挂牌出让筛选 — which auctions to list; all given conditions apply',
})
export class AuctionFilter {
  @Field(() => [AuctionStatus], {
    nullable: true,
    description: 'any of these states (only those the viewer may list); default every listable state',
  })
  status?: AuctionStatus[] | null;

  @Field(() => String, { nullable: true, description: 'the parcel’s city, exact, e.g. 西宁市' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'the parcel’s district, exact, e.g. 城东区' })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'the parcel code, exact' })
  parcelCode?: string | null;
}

@InputType('AuctionOrder', { description: '排序 — how a list of auctions is sorted (ties by id)' })
export class AuctionOrder {
  @Field(() => AuctionOrderField, { description: 'the sort key' })
  field!: AuctionOrderField;

  @Field(() => OrderDirection, { description: 'ascending or descending' })
  direction!: OrderDirection;
}

@InputType('DocumentInput', {
  description: '竞买资料 — one uploaded document of the winner, described by its hash',
})
export class DocumentInput {
  @Field(() => DocumentKind, { description: 'what the document is' })
  kind!: DocumentKind;

  @Field({ description: 'file name as uploaded' })
  fileName!: string;

  @Field({ description: 'hex SHA-256 of the file' })
  sha256!: string;

  @Field(() => Int, { description: 'file size in bytes' })
  sizeBytes!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      '上传文件 — the id POST /documents returned for this file (signed with the bidder’s CA certificate); required: its sha256, sizeBytes and fileName must match the upload (DOCUMENT_HASH_MISMATCH, BAD_USER_INPUT)',
  })
  documentId?: string | null;
}

@ObjectType('AuctionSummary', {
  description: '挂牌出让汇总 — aggregates of public auction data over published (non-draft) auctions',
})
export class AuctionSummary {
  @Field(() => Int, { description: 'number of published auctions matching the filter' })
  auctions!: number;

  @Field(() => Int, { description: '成交 — auctions awarded (AWARDED, DOCUMENTS_SUBMITTED or CONFIRMED)' })
  awarded!: number;

  @Field(() => Int, { description: '流拍 — auctions that FAILED' })
  failed!: number;

  @Field(() => MoneyScalar, { description: 'sum of the final prices of the awarded auctions, in yuan' })
  totalFinalPrice!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      '平均溢价率 — mean premium rate of the awarded auctions in percent, 2 decimals; null when none',
  })
  averagePremiumRatePercent!: string | null;

  @Field(() => Int, { description: 'number of accepted bids over these auctions' })
  totalBids!: number;
}

@InputType('AuctionSummaryFilter', { description: '汇总筛选 — which published auctions the summary covers' })
export class AuctionSummaryFilter {
  @Field(() => String, { nullable: true, description: 'the parcel’s city, exact' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'the parcel’s district, exact' })
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
