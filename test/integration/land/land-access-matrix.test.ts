/**
 * The land side's authorization matrix (DOMAIN.md §3, §1.7a): every land query and mutation of the contract,
 * with node(id) for each land type and the nested paths that could reach a secret, against every role, with the
 * outcome each must get. Then a generic leak check: no response to anyone but the trading centre and the bidder
 * itself holds another bidder's name or registration number, or an applicant count, before the award.
 *
 * The scene: L is QUOTING (reserve 200; a joint application of A (lead) and B, a solo one of C; B and C bid);
 * W is AWARDED to A (reserve 50; C applied too); D is a DRAFT. "own" is bidder A, "other" bidder O (no
 * applications). Mutations are tried with ids that do not exist, so a role that passes the check changes nothing
 * (it gets NOT_FOUND or a rule's error, never UNAUTHENTICATED / FORBIDDEN).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ManualClock } from '../../../src/common/clock';
import { Role } from '../../../src/common/viewer';
import { testDatabases } from '../../helpers/environment';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../helpers/server';
import { Land, type ScheduleSeconds, type TestBidder } from '../../helpers/land';

const START = '2025-09-01T09:00:00+08:00';
const ROLES = [
  'anonymous',
  'own',
  'other',
  'TRADING_CENTER',
  'LAND_BUREAU',
  'BANK',
  'ORG_ADMIN',
  'ORG_DEPARTMENT',
  'MEMBER',
  'ANALYST',
] as const;
type RoleKey = (typeof ROLES)[number];

/** data: no error and a value at the path; null: no error and null there; 'allowed': past the access check */
type Outcome = 'data' | 'null' | 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND';

const outcomes = (granted: Partial<Record<RoleKey, Outcome>>, otherwise: Outcome) =>
  Object.fromEntries(ROLES.map((r) => [r, granted[r] ?? otherwise])) as Record<RoleKey, Outcome>;
const everyone = (outcome: Outcome) => outcomes({}, outcome);
/** a mutation for these roles: anonymous callers UNAUTHENTICATED, other roles FORBIDDEN */
const mutationFor = (...roles: RoleKey[]) =>
  outcomes(
    { anonymous: 'UNAUTHENTICATED', ...Object.fromEntries(roles.map((r) => [r, 'allowed' as const])) },
    'FORBIDDEN',
  );

interface Scene {
  parcelId: string;
  live: string;
  awarded: string;
  draft: string;
  draftCode: string;
  bidId: string;
  jointId: string;
  soloId: string;
  paymentId: string;
  a: TestBidder;
  b: TestBidder;
  c: TestBidder;
  o: TestBidder;
  numbers: { a: string; b: string; c: string };
}

interface Row {
  name: string;
  query: (s: Scene) => string;
  /** where the answer sits, e.g. 'auction.reservePrice' */
  path: string;
  expected: Record<RoleKey, Outcome>;
  /** further checks of the data per role */
  check?: (value: unknown, role: RoleKey, s: Scene) => void;
  /** the row is about the awarded auction W: the winner's (A's) name is public there */
  awardedWinner?: boolean;
}

const at = (data: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v == null ? v : (v as Record<string, unknown>)[key]), data);

const ids = (value: unknown) =>
  ((value as { edges: { node: { id: string } }[] }).edges ?? []).map((e) => e.node.id);

const QUERIES: Row[] = [
  {
    name: 'parcels',
    query: () => `{ parcels(first: 5) { totalCount edges { node { id code } } } }`,
    path: 'parcels',
    expected: everyone('data'),
  },
  {
    name: 'parcel(id) { auctions }: DRAFT listings for the trading centre only',
    query: (s) => `{ parcel(id: "${s.parcelId}") { code auctions { id status } } }`,
    path: 'parcel',
    expected: everyone('data'),
    check: (value, role, s) => {
      const listed = (value as { auctions: { id: string }[] }).auctions.map((x) => x.id);
      expect(listed).toEqual(expect.arrayContaining([s.live, s.awarded]));
      expect(listed.includes(s.draft)).toBe(role === 'TRADING_CENTER');
    },
  },
  {
    name: 'node(id) of a LandParcel',
    query: (s) => `{ node(id: "${s.parcelId}") { id ... on LandParcel { code } } }`,
    path: 'node',
    expected: everyone('data'),
  },
  {
    name: 'auctions: DRAFT listings for the trading centre only',
    query: () => `{ auctions(first: 100) { totalCount edges { node { id status } } } }`,
    path: 'auctions',
    expected: everyone('data'),
    check: (value, role, s) => {
      expect(ids(value)).toEqual(expect.arrayContaining([s.live, s.awarded]));
      expect(ids(value).includes(s.draft)).toBe(role === 'TRADING_CENTER');
    },
  },
  {
    name: 'auction(id) of a QUOTING listing, public fields',
    query: (
      s,
    ) => `{ auction(id: "${s.live}") { id code status bidCount hasReservePrice nextMinimumBid currentPrice
      biddingOpen phaseEndsAt leadingBid { biddingNumber amount isLeading } seller { name } parcel { code } } }`,
    path: 'auction',
    expected: everyone('data'),
    check: (value) => expect(value).toMatchObject({ status: 'QUOTING', bidCount: 2, hasReservePrice: true }),
  },
  {
    name: 'node(id) of an Auction',
    query: (s) => `{ node(id: "${s.live}") { id ... on Auction { status } } }`,
    path: 'node',
    expected: everyone('data'),
  },
  {
    name: 'auction(id) of a DRAFT',
    query: (s) => `{ auction(id: "${s.draft}") { id status } }`,
    path: 'auction',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'null'),
  },
  {
    name: 'auctionByCode of a DRAFT',
    query: (s) => `{ auctionByCode(code: "${s.draftCode}") { id } }`,
    path: 'auctionByCode',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'null'),
  },
  {
    name: 'node(id) of a DRAFT Auction',
    query: (s) => `{ node(id: "${s.draft}") { id } }`,
    path: 'node',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'null'),
  },
  {
    name: 'Auction.reservePrice while quoting: the trading centre and the seller',
    query: (s) => `{ auction(id: "${s.live}") { reservePrice } }`,
    path: 'auction.reservePrice',
    expected: outcomes({ TRADING_CENTER: 'data', LAND_BUREAU: 'data' }, 'null'),
    check: (value) => expect(value).toBe('200.00'),
  },
  {
    name: 'Auction.reservePrice once trading has ended',
    query: (s) => `{ auction(id: "${s.awarded}") { reservePrice } }`,
    path: 'auction.reservePrice',
    expected: everyone('data'),
    check: (value) => expect(value).toBe('50.00'),
  },
  {
    name: 'Auction.applications',
    query: (s) => `{ auction(id: "${s.live}") { applications { id members { bidder { name } } } } }`,
    path: 'auction.applications',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'FORBIDDEN'),
    check: (value) => expect(value).toHaveLength(2),
  },
  {
    name: 'Auction.applications of an awarded listing',
    query: (s) => `{ auction(id: "${s.awarded}") { applications { id } } }`,
    path: 'auction.applications',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'FORBIDDEN'),
  },
  {
    name: 'Auction.bids { auction { applications } }',
    query: (s) =>
      `{ auction(id: "${s.live}") { bids(first: 10) { edges { node { biddingNumber auction { applications { id } } } } } } }`,
    path: 'auction.bids',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'FORBIDDEN'),
  },
  {
    name: 'Auction.bids: bidding numbers and amounts only',
    query: (s) =>
      `{ auction(id: "${s.live}") { bids(first: 10) { totalCount edges { node { id sequence biddingNumber amount phase placedAt isLeading } } } } }`,
    path: 'auction.bids',
    expected: everyone('data'),
  },
  {
    name: 'node(id) of a Bid',
    query: (s) => `{ node(id: "${s.bidId}") { id ... on Bid { biddingNumber amount auction { status } } } }`,
    path: 'node',
    expected: everyone('data'),
  },
  {
    name: 'node(id) of a Bid { auction { applications } }',
    query: (s) => `{ node(id: "${s.bidId}") { ... on Bid { auction { applications { id } } } } }`,
    path: 'node.auction.applications',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'FORBIDDEN'),
  },
  {
    name: 'Auction.events { bid }',
    query: (s) =>
      `{ auction(id: "${s.live}") { events(first: 100) { sequence type status reason bid { biddingNumber amount } } } }`,
    path: 'auction.events',
    expected: everyone('data'),
  },
  {
    name: 'Auction.result before the award',
    query: (s) => `{ auction(id: "${s.live}") { result { winnerName winnerBiddingNumber finalPrice } } }`,
    path: 'auction.result',
    expected: everyone('null'),
  },
  {
    name: 'Auction.result.winnerName after the award (成交公示)',
    query: (s) =>
      `{ auction(id: "${s.awarded}") { status result { winnerName winnerBiddingNumber finalPrice documents { fileName } } } }`,
    path: 'auction.result.winnerName',
    expected: everyone('data'),
    awardedWinner: true,
    check: (value, _role, s) => expect(value).toBe(s.a.name),
  },
  {
    name: 'bidder(id)',
    query: (s) =>
      `{ bidder(id: "${s.a.id}") { id name kind domestic integrityProfileComplete certificate { fingerprint } } }`,
    path: 'bidder',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
  },
  {
    name: 'Bidder.registrationNumber in full to the bidder itself and the trading centre',
    query: (s) => `{ bidder(id: "${s.a.id}") { registrationNumber } }`,
    path: 'bidder.registrationNumber',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
    check: (value, _role, s) => expect(value).toBe(s.numbers.a),
  },
  {
    name: 'Bidder.applications',
    query: (s) => `{ bidder(id: "${s.a.id}") { applications { id status } } }`,
    path: 'bidder.applications',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
    check: (value) => expect(value).toHaveLength(2),
  },
  {
    name: 'node(id) of a Bidder',
    query: (s) => `{ node(id: "${s.a.id}") { id ... on Bidder { name registrationNumber } } }`,
    path: 'node',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
  },
  {
    name: 'bidders',
    query: () => `{ bidders(first: 10) { totalCount edges { node { name } } } }`,
    path: 'bidders',
    expected: outcomes({ TRADING_CENTER: 'data', anonymous: 'UNAUTHENTICATED' }, 'FORBIDDEN'),
  },
  {
    name: 'application(id) of a joint application: its members and the trading centre',
    query: (
      s,
    ) => `{ application(id: "${s.jointId}") { id status joint submittedAt depositState rejectionReason
      depositAccount { accountNumber amountDue } qualification { biddingNumber certificateNumber }
      payments { amount payerAccountName } auction { code } } }`,
    path: 'application',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
  },
  {
    name: "Application.members: names; registration numbers masked but the viewer's own",
    query: (s) =>
      `{ application(id: "${s.jointId}") { members { lead sharePercent bidder { id name registrationNumber } } } }`,
    path: 'application.members',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
    check: (value, role, s) => {
      const members = value as { bidder: { id: string; registrationNumber: string } }[];
      const number = (id: string) => members.find((m) => m.bidder.id === id)!.bidder.registrationNumber;
      expect(number(s.a.id)).toBe(s.numbers.a);
      expect(number(s.b.id)).toEqual(role === 'TRADING_CENTER' ? s.numbers.b : expect.stringContaining('*'));
    },
  },
  {
    name: 'application(id) of an application the viewer is not in',
    query: (s) => `{ application(id: "${s.soloId}") { id } }`,
    path: 'application',
    expected: outcomes({ TRADING_CENTER: 'data' }, 'null'),
  },
  {
    name: 'node(id) of an Application',
    query: (s) => `{ node(id: "${s.jointId}") { id ... on Application { status } } }`,
    path: 'node',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data' }, 'null'),
  },
  {
    name: 'node(id) of a DepositPayment: its application, the bank and the trading centre',
    query: (s) =>
      `{ node(id: "${s.paymentId}") { id ... on DepositPayment { amount accepted payerAccountName } } }`,
    path: 'node',
    expected: outcomes({ TRADING_CENTER: 'data', own: 'data', BANK: 'data' }, 'null'),
  },
  {
    name: 'viewer.bidder { applications }',
    query: () => `{ viewer { bidder { id applications { id members { bidder { name } } } } } }`,
    path: 'viewer.bidder',
    expected: outcomes({ own: 'data', other: 'data' }, 'null'),
    check: (value, role, s) => expect((value as { id: string }).id).toBe(role === 'own' ? s.a.id : s.o.id),
  },
  {
    name: 'auctionSummary',
    query: () =>
      `{ auctionSummary { auctions awarded failed totalBids totalFinalPrice averagePremiumRatePercent } }`,
    path: 'auctionSummary',
    expected: everyone('data'),
  },
  {
    name: 'auctionSummaryByDistrict',
    query: () =>
      `{ auctionSummaryByDistrict { city district auctions awarded failed totalBids totalFinalPrice averagePremiumRatePercent } }`,
    path: 'auctionSummaryByDistrict',
    expected: everyone('data'),
  },
];

const nowIso = () => new Date().toISOString();
const MUTATIONS: Row[] = [
  {
    name: 'createParcel',
    query:
      () => `mutation { createParcel(input: { code: "M-${randomBytes(4).toString('hex')}", city: "西宁市", district: "城东区",
      location: "测试", areaSqm: "100.00", landUses: [RESIDENTIAL], leaseTerms: [{ landUse: RESIDENTIAL, years: 70 }],
      planning: { floorAreaRatioMin: "1.0", floorAreaRatioMax: "2.0" } }) { id } }`,
    path: 'createParcel',
    expected: mutationFor('TRADING_CENTER'),
  },
  {
    name: 'createAuction',
    query: () => `mutation { createAuction(input: { code: "M-${randomBytes(4).toString('hex')}", title: "t",
      parcelId: "${randomUUID()}", seller: { name: "s" }, tradingCenter: { name: "c" }, startingPrice: "100.00",
      increment: "5.00", deposit: "20.00", schedule: { announcementStart: "${nowIso()}", announcementEnd: "${nowIso()}",
      applicationStart: "${nowIso()}", applicationEnd: "${nowIso()}", depositDeadline: "${nowIso()}",
      quoteStart: "${nowIso()}", quoteEnd: "${nowIso()}" } }) { id } }`,
    path: 'createAuction',
    expected: mutationFor('TRADING_CENTER'),
  },
  ...[
    'publishAuction(id: "ID")',
    'suspendAuction(id: "ID", reason: "r")',
    'resumeAuction(id: "ID")',
    'terminateAuction(id: "ID", reason: "r")',
  ].map(
    (call): Row => ({
      name: call.slice(0, call.indexOf('(')),
      query: () => `mutation { ${call.replace('ID', randomUUID())} { id } }`,
      path: call.slice(0, call.indexOf('(')),
      expected: mutationFor('TRADING_CENTER'),
    }),
  ),
  {
    name: 'registerBidder (no proof)',
    query: () => `mutation { registerBidder(input: { kind: LEGAL_PERSON, name: "M", domestic: true,
      registrationNumber: "M${randomBytes(6).toString('hex').toUpperCase()}" }) { id } }`,
    path: 'registerBidder',
    expected: mutationFor('TRADING_CENTER'),
  },
  {
    name: 'rejectApplication',
    query: () => `mutation { rejectApplication(id: "${randomUUID()}", reason: "r") { id } }`,
    path: 'rejectApplication',
    expected: mutationFor('TRADING_CENTER'),
  },
  {
    name: 'applyForAuction',
    query: () => `mutation { applyForAuction(input: { auctionId: "${randomUUID()}" }) { id } }`,
    path: 'applyForAuction',
    expected: mutationFor('own', 'other'),
  },
  {
    name: 'withdrawApplication',
    query: () => `mutation { withdrawApplication(id: "${randomUUID()}") { id } }`,
    path: 'withdrawApplication',
    expected: mutationFor('own', 'other'),
  },
  {
    name: 'placeBid',
    query: () =>
      `mutation { placeBid(input: { auctionId: "${randomUUID()}", amount: "1.00", idempotencyKey: "k-${randomBytes(4).toString('hex')}" }) { id } }`,
    path: 'placeBid',
    expected: mutationFor('own', 'other'),
  },
  {
    name: 'submitAwardDocuments',
    query: () =>
      `mutation { submitAwardDocuments(auctionId: "${randomUUID()}", documents: []) { finalPrice } }`,
    path: 'submitAwardDocuments',
    expected: mutationFor('own', 'other'),
  },
  {
    name: 'recordDepositArrival',
    query:
      () => `mutation { recordDepositArrival(input: { accountNumber: "NONE-${randomBytes(4).toString('hex')}",
      amount: "1.00", arrivedAt: "${nowIso()}", bankTransactionId: "TX-${randomBytes(6).toString('hex')}",
      payerAccountName: "p" }) { id } }`,
    path: 'recordDepositArrival',
    expected: mutationFor('BANK'),
  },
  {
    name: 'recordDepositRefund',
    query:
      () => `mutation { recordDepositRefund(input: { paymentId: "${randomUUID()}", refundedAt: "${nowIso()}",
      bankTransactionId: "RF-${randomBytes(6).toString('hex')}" }) { id } }`,
    path: 'recordDepositRefund',
    expected: mutationFor('BANK'),
  },
  {
    name: 'signConfirmation',
    query: () => `mutation { signConfirmation(auctionId: "${randomUUID()}") { finalPrice } }`,
    path: 'signConfirmation',
    expected: mutationFor('LAND_BUREAU'),
  },
  {
    name: 'certificateChallenge',
    query: () => `mutation { certificateChallenge { nonce expiresAt } }`,
    path: 'certificateChallenge',
    expected: everyone('data'),
  },
  {
    name: 'signInWithCertificate with a certificate nobody holds',
    query: () =>
      `mutation { signInWithCertificate(input: { certificatePem: "x", nonce: "n", signature: "s" }) { token } }`,
    path: 'signInWithCertificate',
    expected: everyone('UNAUTHENTICATED'),
  },
];

const SCHEDULE_W: ScheduleSeconds = {
  announcementEnd: 300,
  applicationEnd: 500,
  depositDeadline: 500,
  quoteStart: 600,
  quoteEnd: 900,
};

/** Fails with the JSON path of the first string in `value` that holds a secret, or a non-empty applicant list/count. */
function findLeaks(value: unknown, secrets: string[], path = '$'): string[] {
  if (typeof value === 'string')
    return secrets.filter((s) => value.includes(s)).map((s) => `${path} holds "${s}"`);
  if (Array.isArray(value)) return value.flatMap((v, i) => findLeaks(v, secrets, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => [
      ...(/applicant|applicationCount|^applications$/i.test(key) &&
      v != null &&
      (typeof v === 'number' ? v > 0 : Array.isArray(v) && v.length > 0)
        ? [`${path}.${key} holds an applicant list or count`]
        : []),
      ...findLeaks(v, secrets, `${path}.${key}`),
    ]);
  return [];
}

describe.each(testDatabases())('land access matrix on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let land: Land;
  let scene: Scene;
  let tokens: Record<RoleKey, string | undefined>;
  const responses: { row: Row; role: RoleKey; response: GraphQLResponse }[] = [];

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startTestServer({ db, clock });
    land = new Land(server);
    const numbers = {
      a: `9163A${randomBytes(6).toString('hex').toUpperCase()}`,
      b: `9163B${randomBytes(6).toString('hex').toUpperCase()}`,
      c: `9163C${randomBytes(6).toString('hex').toUpperCase()}`,
    };
    const a = await land.bidder('秘密甲公司', numbers.a);
    const b = await land.bidder('秘密乙公司', numbers.b);
    const c = await land.bidder('秘密丙公司', numbers.c);
    const o = await land.bidder('旁观丁公司');
    const live = await land.auction({ reservePrice: '200.00' });
    const awarded = await land.auction({ reservePrice: '50.00' }, SCHEDULE_W);
    const draftInput = await land.auctionInput();
    const draft = (
      await server.data<{ createAuction: { id: string } }>(
        `mutation($input: CreateAuctionInput!) { createAuction(input: $input) { id } }`,
        { input: draftInput },
        { token: land.center },
      )
    ).createAuction.id;
    const joint = await land.apply(a, live, [
      { bidderId: a.id, sharePercent: '70', lead: true },
      { bidderId: b.id, sharePercent: '30' },
    ]);
    const jointId = joint.data!.applyForAuction.id;
    await land.pay(joint.data!.applyForAuction.depositAccount.accountNumber, '20', {
      payer: 'payer account',
    });
    const soloId = (await land.qualify(c, live)).applicationId;
    await land.qualify(a, awarded);
    await land.qualify(c, awarded);
    clock.advance(10 * 60_000);
    const bid = await land.placed(b, live, '100');
    await land.placed(c, live, '105');
    await land.placed(a, awarded, '100');
    clock.advance(6 * 60_000);
    const center = await server.data<{ application: { payments: { id: string }[] } }>(
      `{ application(id: "${jointId}") { payments { id } } }`,
      {},
      { token: land.center },
    );
    const bids = await server.data<{ auction: { bids: { edges: { node: { id: string } }[] } } }>(
      `{ auction(id: "${live}") { bids(first: 1) { edges { node { id } } } } }`,
    );
    expect(bid.amount).toBe('100.00');
    scene = {
      parcelId: await land.parcelId(),
      live,
      awarded,
      draft,
      draftCode: draftInput.code,
      bidId: bids.auction.bids.edges[0].node.id,
      jointId,
      soloId,
      paymentId: center.application.payments[0].id,
      a,
      b,
      c,
      o,
      numbers,
    };
    expect((await land.view(live)).status).toBe('QUOTING');
    expect((await land.view(awarded)).status).toBe('AWARDED');
    tokens = {
      anonymous: undefined,
      own: a.token,
      other: o.token,
      TRADING_CENTER: land.center,
      LAND_BUREAU: land.bureau,
      BANK: land.bank,
      ORG_ADMIN: server.token({ roles: [Role.ORG_ADMIN], scopeOrganizationId: 'org-630100' }),
      ORG_DEPARTMENT: server.token({ roles: [Role.ORG_DEPARTMENT] }),
      MEMBER: server.token({ roles: [Role.MEMBER], memberId: randomUUID() }),
      ANALYST: server.token({ roles: [Role.ANALYST], scopeOrganizationId: 'org-630100' }),
    };
  });
  afterAll(() => server?.close());

  const cases = [...QUERIES, ...MUTATIONS].flatMap((row) =>
    ROLES.map((role) => [row.name, role, row] as const),
  );

  it.each(cases)('%s as %s', async (_name, role, row) => {
    const response = await server.request(row.query(scene), {}, { token: tokens[role] });
    responses.push({ row, role, response });
    const expected = row.expected[role];
    const code = response.errors?.[0]?.extensions?.code;
    const value = at(response.data, row.path);
    const seen = code ? String(code) : value == null ? 'null' : 'data';
    if (expected === 'allowed') {
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(seen);
      return;
    }
    expect({ role, outcome: seen }).toEqual({ role, outcome: expected });
    if (expected === 'data') row.check?.(value, role, scene);
  });

  it('leaks no identity or applicant count before the award to anyone but the trading centre and the bidder itself', () => {
    // the walker itself finds what it looks for
    expect(
      findLeaks({ data: { a: [{ applications: [{}] }, 'x 秘密 y'], n: { applicantCount: 2 } } }, ['秘密']),
    ).toHaveLength(3);
    expect(responses.length).toBe(cases.length);
    const leaks: string[] = [];
    for (const { row, role, response } of responses) {
      if (role === 'TRADING_CENTER' || role === 'own') continue;
      const secrets = [scene.b.name, scene.c.name, scene.numbers.a, scene.numbers.b, scene.numbers.c];
      if (!row.awardedWinner) secrets.push(scene.a.name);
      if (role !== 'other') secrets.push(scene.o.name);
      leaks.push(...findLeaks(response, secrets).map((leak) => `${row.name} as ${role}: ${leak}`));
    }
    expect(leaks).toEqual([]);
  });
});
