/**
 * Secrecy (§1.7a) and roles (§3) as clients meet them: identities and applicant counts stay with the trading
 * centre and each bidder; DRAFT auctions with the trading centre; node(id) obeys the same rules; lists filter
 * and order; certificates must come from a trusted CA.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/common/clock';
import { Role } from '../../../src/common/viewer';
import { createCa, issueCertificate } from '../../../src/land/bidder/demo-ca';
import { testDatabases } from '../../helpers/environment';
import { codes, startTestServer, type TestServer } from '../../helpers/server';
import { Land, type TestBidder } from '../../helpers/land';
import {
  ApplicationDocument,
  AuctionApplicationsDocument,
  AuctionBidsDocument,
  AuctionByCodeDocument,
  AuctionsDocument,
  BidderDocument,
  BiddersDocument,
  CreateAuctionDocument,
  LandNodeDocument,
  PublishAuctionDocument,
  RegisterBidderDocument,
} from '../../operations/generated';

const START = '2025-09-01T09:00:00+08:00';
// valid from well before the suites' clock (2025) to well after it
const validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') };
const ca = createCa({ commonName: '测试 CA', ...validity });
const untrusted = createCa({ commonName: 'Other CA' });

describe.each(testDatabases())('who sees what in the land domain on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let land: Land;
  let dir: string;
  let a: TestBidder;
  let b: TestBidder;
  let c: TestBidder;
  let outsider: TestBidder;
  let auctionId: string;
  let jointId: string;
  let soloId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certificatePem);
    clock = new ManualClock(START);
    server = await startTestServer({ db, clock, config: { trustedCaFile: join(dir, 'ca.pem') } });
    land = new Land(server);
    a = await land.bidder('甲', '630102199001011234');
    b = await land.bidder('乙');
    c = await land.bidder('丙');
    outsider = await land.bidder('丁');
    auctionId = await land.auction();
    const joint = await land.apply(a, auctionId, [
      { bidderId: a.id, sharePercent: '70', lead: true },
      { bidderId: b.id, sharePercent: '30' },
    ]);
    jointId = joint.data!.applyForAuction.id;
    await land.pay(joint.data!.applyForAuction.depositAccount.accountNumber, '20');
    soloId = (await land.qualify(c, auctionId)).applicationId;
    clock.advance(10 * 60_000);
    await land.placed(b, auctionId, '100');
    await land.placed(c, auctionId, '105');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows Auction.applications to the trading centre only (FORBIDDEN for everyone else)', async () => {
    const all = await server.data(AuctionApplicationsDocument, { id: auctionId }, { token: land.center });
    expect(all.auction!.applications).toHaveLength(2);
    for (const token of [undefined, a.token, land.bank, land.bureau]) {
      const refused = await server.request(AuctionApplicationsDocument, { id: auctionId }, { token });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
    }
  });

  it('shows bids by bidding number only; a Bid has no bidder', async () => {
    const bids = await server.data(AuctionBidsDocument, { id: auctionId });
    expect(bids.auction!.bids.totalCount).toBe(2);
    expect(Object.keys(bids.auction!.bids.edges[0].node).sort()).toEqual(
      ['amount', 'biddingNumber', 'id', 'isLeading', 'phase', 'placedAt', 'sequence'].sort(),
    );
    const bidType = await server.request(`{ __type(name: "Bid") { fields { name } } }`);
    const fields = (bidType.data as { __type: { fields: { name: string }[] } }).__type.fields.map(
      (f) => f.name,
    );
    expect(fields).not.toContain('bidder');
    expect(fields).not.toContain('application');
  });

  it('shows an application to its members and the trading centre, and to nobody else', async () => {
    for (const token of [a.token, b.token, land.center]) {
      expect((await server.data(ApplicationDocument, { id: jointId }, { token })).application?.id).toBe(
        jointId,
      );
    }
    for (const token of [c.token, outsider.token, undefined, land.bureau]) {
      expect((await server.data(ApplicationDocument, { id: jointId }, { token })).application).toBeNull();
      expect((await server.data(LandNodeDocument, { id: jointId }, { token })).node).toBeNull();
    }
  });

  it('masks a co-member registration number; the bidder itself and the trading centre see it whole', async () => {
    const seenByB = await server.data(ApplicationDocument, { id: jointId }, { token: b.token });
    const lead = seenByB.application!.members.find((m) => m.bidder.id === a.id)!;
    expect(lead.bidder.registrationNumber).toBe('6301**********1234');
    const seenByA = await server.data(ApplicationDocument, { id: jointId }, { token: a.token });
    expect(seenByA.application!.members[0].bidder.registrationNumber).toBe('630102199001011234');
    const seenByCenter = await server.data(ApplicationDocument, { id: jointId }, { token: land.center });
    expect(seenByCenter.application!.members[0].bidder.registrationNumber).toBe('630102199001011234');
  });

  it('shows a bidder to itself and the trading centre only, and its applications only where the viewer is a member', async () => {
    expect(
      (await server.data(BidderDocument, { id: a.id }, { token: a.token })).bidder?.registrationNumber,
    ).toBe('630102199001011234');
    expect((await server.data(BidderDocument, { id: a.id }, { token: b.token })).bidder).toBeNull();
    expect((await server.data(BidderDocument, { id: a.id })).bidder).toBeNull();
    expect((await server.data(LandNodeDocument, { id: a.id }, { token: c.token })).node).toBeNull();
    expect((await server.data(LandNodeDocument, { id: a.id }, { token: land.center })).node).toMatchObject({
      __typename: 'Bidder',
      name: '甲',
    });
    const center = await server.data(BidderDocument, { id: c.id }, { token: land.center });
    expect(center.bidder!.applications.map((x) => x.id)).toEqual([soloId]);
  });

  it('lists bidders for the trading centre only', async () => {
    expect(
      (await server.data(BiddersDocument, { nameContains: '甲' }, { token: land.center })).bidders.totalCount,
    ).toBe(1);
    expect(codes(await server.request(BiddersDocument, {}, { token: a.token }))).toEqual(['FORBIDDEN']);
    expect(codes(await server.request(BiddersDocument, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('resolves auctions and bids by node(id) for everyone, deposit payments for the bank and members', async () => {
    expect((await server.data(LandNodeDocument, { id: auctionId })).node).toMatchObject({
      __typename: 'Auction',
      auctionStatus: 'QUOTING',
    });
    const bids = await server.data(AuctionBidsDocument, { id: auctionId });
    const bidId = bids.auction!.bids.edges[0].node.id;
    expect((await server.data(LandNodeDocument, { id: bidId })).node).toMatchObject({
      __typename: 'Bid',
      sequence: 1,
    });
    const app = await server.data(ApplicationDocument, { id: soloId }, { token: c.token });
    const paymentId = app.application!.payments[0].id;
    expect((await server.data(LandNodeDocument, { id: paymentId }, { token: land.bank })).node).toMatchObject(
      {
        __typename: 'DepositPayment',
        accepted: true,
      },
    );
    expect((await server.data(LandNodeDocument, { id: paymentId }, { token: c.token })).node?.id).toBe(
      paymentId,
    );
    expect((await server.data(LandNodeDocument, { id: paymentId }, { token: a.token })).node).toBeNull();
    expect((await server.data(LandNodeDocument, { id: paymentId })).node).toBeNull();
  });

  it('keeps DRAFT auctions, and their bids-to-be, from everyone but the trading centre', async () => {
    const input = await land.auctionInput({ code: 'DRAFT-1' });
    const draft = await server.data(CreateAuctionDocument, { input }, { token: land.center });
    const id = draft.createAuction.id;
    expect(draft.createAuction.status).toBe('DRAFT');
    expect((await server.data(AuctionByCodeDocument, { code: 'DRAFT-1' })).auctionByCode).toBeNull();
    expect(
      (await server.data(AuctionByCodeDocument, { code: 'DRAFT-1' }, { token: a.token })).auctionByCode,
    ).toBeNull();
    expect((await server.data(LandNodeDocument, { id })).node).toBeNull();
    expect((await server.data(LandNodeDocument, { id }, { token: land.center })).node).toMatchObject({
      code: 'DRAFT-1',
    });
    const publicList = await server.data(AuctionsDocument, { filter: { status: ['DRAFT'] } });
    expect(publicList.auctions.totalCount).toBe(0);
    const centerList = await server.data(
      AuctionsDocument,
      { filter: { status: ['DRAFT'] } },
      { token: land.center },
    );
    expect(centerList.auctions.edges.map((e) => e.node.code)).toContain('DRAFT-1');
    expect(codes(await land.apply(a, id))).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await server.request(
          CreateAuctionDocument,
          { input: { ...input, code: 'DRAFT-2' } },
          { token: a.token },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await server.request(CreateAuctionDocument, { input }, { token: land.center }))).toEqual([
      'CONFLICT',
    ]);
    await server.data(PublishAuctionDocument, { id }, { token: land.center });
    expect((await server.data(AuctionByCodeDocument, { code: 'DRAFT-1' })).auctionByCode?.status).toBe(
      'ANNOUNCED',
    );
  });

  it('refuses an auction whose schedule is out of order with INVALID_SCHEDULE, storing nothing', async () => {
    const input = await land.auctionInput({ code: 'BAD-SCHEDULE' });
    const bad = { ...input, schedule: { ...input.schedule, depositDeadline: land.at(100_000) } };
    expect(
      codes(await server.request(CreateAuctionDocument, { input: bad }, { token: land.center })),
    ).toEqual(['INVALID_SCHEDULE']);
    expect(
      (await server.data(AuctionByCodeDocument, { code: 'BAD-SCHEDULE' }, { token: land.center }))
        .auctionByCode,
    ).toBeNull();
  });

  it('filters and orders auctions by every order field, both ways, ties broken by id', async () => {
    const prices = ['300.00', '100.00', '200.00'];
    const ids: string[] = [];
    for (const [i, price] of prices.entries()) {
      ids.push(
        await land.auction(
          { code: `ORD-${i}`, startingPrice: price, increment: '1.00' },
          {
            announcementEnd: 60,
            applicationEnd: 120,
            depositDeadline: 120,
            quoteStart: 60,
            quoteEnd: 600 + i * 60,
          },
        ),
      );
    }
    const codesOf = async (field: string, direction: string) =>
      (
        await server.data(AuctionsDocument, {
          filter: { status: ['ANNOUNCED'], parcelCode: '2024C-5' },
          orderBy: { field: field as 'CODE', direction: direction as 'ASC' },
        })
      ).auctions.edges
        .map((e) => e.node.code)
        .filter((code) => code.startsWith('ORD-'));
    expect(await codesOf('CODE', 'ASC')).toEqual(['ORD-0', 'ORD-1', 'ORD-2']);
    expect(await codesOf('CODE', 'DESC')).toEqual(['ORD-2', 'ORD-1', 'ORD-0']);
    expect(await codesOf('STARTING_PRICE', 'ASC')).toEqual(['ORD-1', 'ORD-2', 'ORD-0']);
    expect(await codesOf('STARTING_PRICE', 'DESC')).toEqual(['ORD-0', 'ORD-2', 'ORD-1']);
    expect(await codesOf('QUOTE_END', 'ASC')).toEqual(['ORD-0', 'ORD-1', 'ORD-2']);
    expect(await codesOf('QUOTE_END', 'DESC')).toEqual(['ORD-2', 'ORD-1', 'ORD-0']);
    // no current price yet: ties everywhere, broken by id
    const byId = [...ids].sort();
    const tie = (await codesOf('CURRENT_PRICE', 'ASC')).map((code) => ids[Number(code.slice(4))]);
    expect(tie).toEqual(byId);
    const tieDesc = (await codesOf('CURRENT_PRICE', 'DESC')).map((code) => ids[Number(code.slice(4))]);
    expect(tieDesc).toEqual([...byId].reverse());
    const page = await server.data(AuctionsDocument, {
      first: 1,
      filter: { district: '城东区' },
      orderBy: { field: 'CODE', direction: 'ASC' },
    });
    expect(page.auctions.pageInfo.hasNextPage).toBe(true);
    expect((await server.data(AuctionsDocument, { filter: { city: '海东市' } })).auctions.totalCount).toBe(0);
  });

  it('orders by the current price with auctions still unpriced lowest, on both databases', async () => {
    const list = await server.data(AuctionsDocument, {
      filter: { status: ['QUOTING', 'ANNOUNCED'] },
      orderBy: { field: 'CURRENT_PRICE', direction: 'DESC' },
      first: 100,
    });
    expect(list.auctions.edges[0].node).toMatchObject({ id: auctionId, currentPrice: '105.00' });
    const asc = await server.data(AuctionsDocument, {
      filter: { status: ['QUOTING', 'ANNOUNCED'] },
      orderBy: { field: 'CURRENT_PRICE', direction: 'ASC' },
      first: 100,
    });
    expect(asc.auctions.edges.at(-1)!.node.id).toBe(auctionId);
  });

  it('registers a bidder with a certificate from a trusted CA, reading it with node:crypto', async () => {
    const cert = issueCertificate(ca, { commonName: '证书公司', organization: 'Demo', ...validity });
    const registered = await server.data(
      RegisterBidderDocument,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name: '证书公司',
          domestic: true,
          registrationNumber: '91630100CERT0001X',
          certificatePem: cert.certificatePem,
        },
      },
      { token: land.center },
    );
    expect(registered.registerBidder.certificate).toMatchObject({
      subject: 'C=CN, O=Demo, CN=证书公司',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const again = await server.request(
      RegisterBidderDocument,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name: '别名',
          domestic: true,
          registrationNumber: '91630100CERT0002X',
          certificatePem: cert.certificatePem,
        },
      },
      { token: land.center },
    );
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('refuses a certificate from a CA the server does not trust (BAD_USER_INPUT)', async () => {
    const cert = issueCertificate(untrusted, { commonName: 'x', ...validity });
    const response = await server.request(
      RegisterBidderDocument,
      {
        input: {
          kind: 'NATURAL_PERSON',
          name: 'x',
          domestic: false,
          registrationNumber: 'P1234567',
          certificatePem: cert.certificatePem,
        },
      },
      { token: land.center },
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          RegisterBidderDocument,
          { input: { kind: 'NATURAL_PERSON', name: 'y', domestic: true, registrationNumber: 'R1' } },
          { token: server.token({ roles: [Role.BIDDER], bidderId: a.id }) },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });
});
