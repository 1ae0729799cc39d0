/**
 * 分区成交统计: auctionSummaryByDistrict gives one row per (city, district) of published auctions, with the
 * same figures as auctionSummary (溢价率 as the exact mean of each sale's premium, half-up to 2 decimals).
 */
import { ManualClock } from '../../../src/common/clock';
import { testDatabases } from '../../helpers/environment';
import { Land } from '../../helpers/land';
import { startTestServer, type TestServer } from '../../helpers/server';
import {
  AuctionSummaryByDistrictDocument,
  AuctionSummaryDocument,
  CreateAuctionDocument,
  CreateParcelDocument,
} from '../../operations/generated';

const START = '2025-08-04T10:00:00+08:00';
const minute = 60_000;

describe.each(testDatabases())('auction figures by district on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startTestServer({ db, clock, seed: false });
    const land = new Land(server);
    const bidder = await land.bidder('甲公司');
    let n = 0;
    const parcel = async (city: string, district: string) =>
      (
        await server.data(
          CreateParcelDocument,
          {
            input: {
              code: `D-${++n}`,
              city,
              district,
              location: '测试',
              areaSqm: '1000.00',
              landUses: ['RESIDENTIAL'],
              leaseTerms: [{ landUse: 'RESIDENTIAL', years: 70 }],
              planning: { floorAreaRatioMin: '1.0', floorAreaRatioMax: '2.0' },
            },
          },
          { token: land.center },
        )
      ).createParcel.id;
    const east = await parcel('海东市', '乐都区');
    const west = await parcel('海东市', '平安区');
    const otherCity = await parcel('西宁市', '城东区');
    // [parcel, starting price, the one bid or none]
    const listings: [string, string, string | null][] = [
      [east, '100.00', '130.00'], // 30 %
      [east, '200.00', '210.00'], // 5 %
      [west, '300.00', '305.00'], // 1.666… %
      [west, '100.00', null], // 流拍
      [otherCity, '100.00', '100.00'], // 0 %
    ];
    const ids: [string, string | null][] = [];
    for (const [parcelId, startingPrice, bid] of listings) {
      const id = await land.auction({ parcelId, startingPrice });
      await land.qualify(bidder, id);
      ids.push([id, bid]);
    }
    // a DRAFT listing counts nowhere
    await server.data(
      CreateAuctionDocument,
      { input: await land.auctionInput({ parcelId: west, startingPrice: '999.00' }) },
      { token: land.center },
    );
    clock.advance(10 * minute);
    for (const [id, bid] of ids) if (bid) await land.placed(bidder, id, bid);
    clock.advance(20 * minute);
    for (const [id, bid] of ids) expect((await land.view(id)).status).toBe(bid ? 'AWARDED' : 'FAILED');
  });
  afterAll(() => server?.close());

  it('gives one row per city and district, by city then district, with exact premium rates', async () => {
    const rows = (await server.data(AuctionSummaryByDistrictDocument, {})).auctionSummaryByDistrict;
    expect(rows).toEqual([
      {
        city: '海东市',
        district: '乐都区',
        auctions: 2,
        awarded: 2,
        failed: 0,
        totalBids: 2,
        totalFinalPrice: '340.00',
        averagePremiumRatePercent: '17.50',
      },
      {
        city: '海东市',
        district: '平安区',
        auctions: 2,
        awarded: 1,
        failed: 1,
        totalBids: 1,
        totalFinalPrice: '305.00',
        averagePremiumRatePercent: '1.67',
      },
      {
        city: '西宁市',
        district: '城东区',
        auctions: 1,
        awarded: 1,
        failed: 0,
        totalBids: 1,
        totalFinalPrice: '100.00',
        averagePremiumRatePercent: '0.00',
      },
    ]);
  });

  it('agrees with auctionSummary for each district and filters the same way', async () => {
    const rows = (await server.data(AuctionSummaryByDistrictDocument, { filter: { city: '海东市' } }))
      .auctionSummaryByDistrict;
    expect(rows.map((r) => r.district)).toEqual(['乐都区', '平安区']);
    for (const { city, district, ...figures } of rows) {
      const summary = await server.data(AuctionSummaryDocument, { filter: { city, district } });
      expect(summary.auctionSummary).toEqual(figures);
    }
    const all = (await server.data(AuctionSummaryDocument, {})).auctionSummary;
    expect(all).toMatchObject({ auctions: 5, awarded: 4, failed: 1, totalFinalPrice: '745.00' });
    // mean of 30, 5, 1.666… and 0 = 9.1666… %
    expect(all.averagePremiumRatePercent).toBe('9.17');
  });

  it('answers anonymous viewers too and is empty where nothing was published', async () => {
    const none = await server.data(AuctionSummaryByDistrictDocument, { filter: { city: '格尔木市' } });
    expect(none.auctionSummaryByDistrict).toEqual([]);
    const later = await server.data(AuctionSummaryByDistrictDocument, {
      filter: { quoteEndFrom: new Date(Date.parse(START) + 60 * minute).toISOString() },
    });
    expect(later.auctionSummaryByDistrict).toEqual([]);
  });
});
