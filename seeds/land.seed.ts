import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { SeedContext } from '../src/common/module';
import { newId } from '../src/common/ids';
import { wanYuan } from '../src/common/money';
import { toShanghaiIso } from '../src/common/time';
import {
  AuctionEvent,
  Auction,
  DEFAULT_ROUND_SECONDS,
  AWARDED_STATUSES,
  FINAL_STATUSES,
  validateAuctionInput,
  AuctionEventType,
  AuctionStatus,
  type Schedule,
  trustedCas,
  LandParcel,
  validateParcelInput,
} from '../src/land';
import { AUCTION_2024C_5, PARCEL_2024C_5 } from './reference-2024C-5';

const DEMO_PREFIX = 'DEMO-';

/** How the demo auction's schedule follows start-up: quoting opens within a minute; a round is 30 s. */
export interface DemoTimings {
  quoteStartsAfterSeconds: number;
  depositDeadlineAfterSeconds: number;
  quoteEndsAfterSeconds: number;
  roundSeconds: number;
}

export const DEMO_TIMINGS: DemoTimings = {
  quoteStartsAfterSeconds: 45,
  depositDeadlineAfterSeconds: 240,
  quoteEndsAfterSeconds: 300,
  roundSeconds: 30,
};

const referenceSchedule = (): Schedule => {
  const s = AUCTION_2024C_5.schedule;
  return {
    announcementStart: new Date(s.announcementStart),
    announcementEnd: new Date(s.announcementEnd),
    applicationStart: new Date(s.applicationStart),
    applicationEnd: new Date(s.applicationEnd),
    depositDeadline: new Date(s.depositDeadline),
    quoteStart: new Date(s.quoteStart),
    quoteEnd: new Date(s.quoteEnd),
  };
};

function listing(code: string, title: string, schedule: Schedule, roundSeconds: number) {
  return validateAuctionInput({
    code,
    title,
    parcelId: '',
    seller: { ...AUCTION_2024C_5.seller, contacts: [...AUCTION_2024C_5.seller.contacts] },
    tradingCenter: {
      ...AUCTION_2024C_5.tradingCenter,
      contacts: [...AUCTION_2024C_5.tradingCenter.contacts],
    },
    startingPrice: wanYuan(AUCTION_2024C_5.startingPriceWan),
    increment: wanYuan(AUCTION_2024C_5.incrementWan),
    deposit: wanYuan(AUCTION_2024C_5.depositWan),
    reservePrice: AUCTION_2024C_5.reservePrice,
    schedule,
    timedBiddingRoundSeconds: roundSeconds,
    jointApplicationAllowed: AUCTION_2024C_5.jointApplicationAllowed,
    documentUploadDays: AUCTION_2024C_5.documentUploadDays,
  });
}

/**
 * A published copy of the 2024C-5 listing under its own code, scheduled from `now`: the auction the demo
 * bidders (npm run demo:bidders) trade on. Written with its PUBLISHED event, as publishAuction would.
 */
export async function createDemoAuction(
  em: EntityManager,
  parcel: LandParcel,
  now: Date,
  timings: DemoTimings = DEMO_TIMINGS,
): Promise<Auction> {
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const stamp = new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  const quoteStart = at(timings.quoteStartsAfterSeconds);
  const deadline = at(timings.depositDeadlineAfterSeconds);
  const valid = listing(
    `${DEMO_PREFIX}${stamp}-${randomBytes(2).toString('hex').toUpperCase()}`,
    '演示：2024C-5号宗地挂牌出让（仿真，非真实交易）',
    {
      announcementStart: now,
      announcementEnd: quoteStart,
      applicationStart: now,
      applicationEnd: deadline,
      depositDeadline: deadline,
      quoteStart,
      quoteEnd: at(timings.quoteEndsAfterSeconds),
    },
    timings.roundSeconds,
  );
  const auction = em.create(Auction, {
    ...valid,
    parcel,
    status: AuctionStatus.ANNOUNCED,
    phaseEndsAt: valid.quoteStart,
    lastEventSequence: 1,
    createdAt: now,
  });
  em.create(AuctionEvent, {
    id: newId(),
    auction,
    sequence: 1,
    type: AuctionEventType.PUBLISHED,
    occurredAt: now,
    status: AuctionStatus.ANNOUNCED,
    phaseEndsAt: valid.quoteStart,
  });
  await em.flush();
  return auction;
}

/**
 * Loads the reference notice if it is missing (the parcel and its IMPORTED listing, which never transitions);
 * in demo mode also the demo CA and a demo auction when none is still trading (a restart after the award
 * starts a fresh one). Idempotent: by code.
 */
export async function seedLand(ctx: SeedContext): Promise<void> {
  const em = ctx.em.fork();
  let parcel = await em.findOne(LandParcel, { code: PARCEL_2024C_5.code });
  if (!parcel) {
    const valid = validateParcelInput(PARCEL_2024C_5);
    parcel = em.create(LandParcel, {
      ...valid,
      obligations: valid.obligations ?? [],
      notes: valid.notes ?? [],
      createdAt: ctx.clock.now(),
    });
    await em.flush();
    ctx.log(`seeded parcel ${PARCEL_2024C_5.code}`);
  }
  if (!(await em.findOne(Auction, { code: AUCTION_2024C_5.code }))) {
    const valid = listing(
      AUCTION_2024C_5.code,
      AUCTION_2024C_5.title,
      referenceSchedule(),
      DEFAULT_ROUND_SECONDS,
    );
    em.create(Auction, { ...valid, parcel, status: AuctionStatus.IMPORTED, createdAt: ctx.clock.now() });
    await em.flush();
    ctx.log(`seeded auction ${AUCTION_2024C_5.code} (IMPORTED)`);
  }
  if (ctx.config.demoMode) {
    trustedCas(ctx.config); // creates demo-ca/ when missing
    // a demo auction whose trading is over (awarded too: what follows the award is paperwork) is finished
    const unfinished = await em.count(Auction, {
      code: { $like: `${DEMO_PREFIX}%` },
      status: { $nin: [...FINAL_STATUSES, ...AWARDED_STATUSES] },
    });
    if (unfinished === 0) {
      const demo = await createDemoAuction(em, parcel, ctx.clock.now());
      ctx.log(
        `demo auction ${demo.code}: quoting opens at ${toShanghaiIso(demo.quoteStart)}; run npm run demo:bidders ` +
          `before its deposits are due at ${toShanghaiIso(demo.depositDeadline)} to trade on it`,
      );
    }
  }
}
