/**
 * npm run demo:bidders — demo bidders trade on the running server's demo auction (demo mode): the trading centre
 * registers them with their demo certificates, each applies, the bank reports the deposits, and they bid through
 * quoting and timed bidding until a round passes with no bid and the auction is AWARDED.
 *
 *   npm run demo:bidders [-- --url http://localhost:4000/graphql] [--code DEMO-…] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { Role } from '../common/viewer';
import { loadConfig } from '../config';
import { signToken } from '../auth/token';
import { demoBidderCertificate, DEMO_BIDDERS, ensureDemoCa, DEMO_CA_DIR } from '../land/bidder/demo-ca';

export interface DemoOptions {
  url: string;
  jwtSecret: string;
  code?: string;
  /** timed rounds to bid in before letting one pass */
  rounds?: number;
  caDir?: string;
  log?: (message: string) => void;
  /** gives up after this long (ms) */
  timeoutMs?: number;
}

interface AuctionView {
  id: string;
  code: string;
  status: string;
  deposit: string;
  nextMinimumBid: string;
  phaseEndsAt: string | null;
  timedBiddingRoundSeconds: number;
  leadingBid: { biddingNumber: string } | null;
  result: { winnerName: string; winnerBiddingNumber: string; finalPrice: string } | null;
}

interface DemoApplication {
  id: string;
  status: string;
  auction: { id: string };
  depositAccount: { accountNumber: string };
}

const AUCTION_FIELDS = `id code status deposit nextMinimumBid phaseEndsAt timedBiddingRoundSeconds
  leadingBid { biddingNumber } result { winnerName winnerBiddingNumber finalPrice }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 0:45, 4:05 */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export async function runDemoBidders(options: DemoOptions): Promise<AuctionView> {
  const log = options.log ?? ((m: string) => console.log(m));
  const rounds = options.rounds ?? 3;
  const giveUpAt = Date.now() + (options.timeoutMs ?? 20 * 60_000);
  const token = (roles: Role[], extra: { bidderId?: string } = {}) =>
    signToken(options.jwtSecret, { sub: `demo:${roles.join('+').toLowerCase()}`, roles, ...extra }, 3600)
      .token;

  async function gql<T>(query: string, variables: Record<string, unknown>, bearer?: string): Promise<T> {
    const response = await fetch(options.url, {
      signal: AbortSignal.timeout(30_000),
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (body.errors?.length) {
      const error = new Error(body.errors[0].message) as Error & { code?: string };
      error.code = body.errors[0].extensions?.code;
      throw error;
    }
    return body.data as T;
  }

  const center = token([Role.TRADING_CENTER]);
  const bank = token([Role.BANK]);
  ensureDemoCa(options.caDir ?? DEMO_CA_DIR);

  const { auctions } = await gql<{ auctions: { edges: { node: AuctionView }[] } }>(
    `query($filter: AuctionFilter) { auctions(first: 100, filter: $filter, orderBy: { field: QUOTE_END, direction: DESC }) {
      edges { node { ${AUCTION_FIELDS} } } } }`,
    { filter: { status: ['ANNOUNCED', 'QUOTING'] } },
  );
  const target = auctions.edges
    .map((e) => e.node)
    .find((a) => (options.code ? a.code === options.code : a.code.startsWith('DEMO-')));
  if (!target) {
    throw new Error(
      'no demo auction is open for applications: restart the server in demo mode for a fresh one',
    );
  }
  const view = async () =>
    (
      await gql<{ auction: AuctionView }>(`query($id: ID!) { auction(id: $id) { ${AUCTION_FIELDS} } }`, {
        id: target.id,
      })
    ).auction;
  log(`demo auction ${target.code} (${target.status}); deposit ${target.deposit} yuan`);

  const bidders: { name: string; token: string }[] = [];
  for (const demo of DEMO_BIDDERS) {
    const found = await gql<{ bidders: { edges: { node: { id: string; name: string } }[] } }>(
      `query($name: String) { bidders(first: 10, nameContains: $name) { edges { node { id name } } } }`,
      { name: demo.name },
      center,
    );
    let id = found.bidders.edges.find((e) => e.node.name === demo.name)?.node.id;
    if (!id) {
      const registered = await gql<{ registerBidder: { id: string } }>(
        `mutation($input: RegisterBidderInput!) { registerBidder(input: $input) { id } }`,
        {
          input: {
            kind: demo.kind,
            name: demo.name,
            domestic: true,
            registrationNumber: demo.registrationNumber,
            certificatePem: demoBidderCertificate(demo.key, options.caDir ?? DEMO_CA_DIR).certificatePem,
            integrityProfileComplete: true,
          },
        },
        center,
      );
      id = registered.registerBidder.id;
      log(`registered ${demo.name} with its demo certificate`);
    }
    const bidderToken = token([Role.BIDDER], { bidderId: id });
    const mine = await gql<{ viewer: { bidder: { applications: DemoApplication[] } } }>(
      `{ viewer { bidder { applications { id status auction { id } depositAccount { accountNumber } } } } }`,
      {},
      bidderToken,
    );
    let application = mine.viewer.bidder.applications.find(
      (a) => a.auction.id === target.id && ['DEPOSIT_PENDING', 'QUALIFIED'].includes(a.status),
    );
    if (!application) {
      const applied = await gql<{ applyForAuction: DemoApplication }>(
        `mutation($input: ApplyInput!) { applyForAuction(input: $input) { id status auction { id } depositAccount { accountNumber } } }`,
        { input: { auctionId: target.id } },
        bidderToken,
      );
      application = applied.applyForAuction;
      log(`${demo.name} applied; deposit account ${application.depositAccount.accountNumber}`);
    }
    if (application.status === 'DEPOSIT_PENDING') {
      const { serverTime } = await gql<{ serverTime: string }>(`{ serverTime }`, {});
      const paid = await gql<{ recordDepositArrival: { accepted: boolean; rejectionCode: string | null } }>(
        `mutation($input: DepositArrivalInput!) { recordDepositArrival(input: $input) { accepted rejectionCode } }`,
        {
          input: {
            accountNumber: application.depositAccount.accountNumber,
            amount: target.deposit,
            arrivedAt: serverTime,
            bankTransactionId: `DEMO-${application.id}`,
            payerAccountName: demo.name,
          },
        },
        bank,
      );
      log(
        `bank: ${demo.name}'s deposit ${paid.recordDepositArrival.accepted ? 'accepted' : paid.recordDepositArrival.rejectionCode}`,
      );
    }
    bidders.push({ name: demo.name, token: bidderToken });
  }

  // a countdown to the next phase: one line every 10 s (every 5 s in the last half minute)
  const waitFor = async (statuses: string[], next: string): Promise<AuctionView> => {
    let saidAt = 0;
    for (;;) {
      const current = await view();
      if (statuses.includes(current.status)) return current;
      if (Date.now() > giveUpAt)
        throw new Error(`gave up waiting for ${statuses.join('/')}: ${current.status}`);
      const left = current.phaseEndsAt ? Date.parse(current.phaseEndsAt) - Date.now() : undefined;
      if (left !== undefined && Date.now() - saidAt >= (left < 30_000 ? 5000 : 10_000)) {
        log(`  ${current.status}: ${next} in ${countdown(left)} (at ${current.phaseEndsAt})`);
        saidAt = Date.now();
      }
      await sleep(200);
    }
  };

  let key = 0;
  const bid = async (who: { name: string; token: string }): Promise<boolean> => {
    const current = await view();
    try {
      const placed = await gql<{ placeBid: { sequence: number; amount: string; biddingNumber: string } }>(
        `mutation($input: PlaceBidInput!) { placeBid(input: $input) { sequence amount biddingNumber } }`,
        {
          input: {
            auctionId: target.id,
            amount: current.nextMinimumBid,
            idempotencyKey: `demo-${Date.now()}-${key++}`,
          },
        },
        who.token,
      );
      log(
        `#${placed.placeBid.sequence} ${placed.placeBid.biddingNumber} (${who.name}) bids ${placed.placeBid.amount}`,
      );
      return true;
    } catch (error) {
      log(`${who.name}: ${(error as { code?: string }).code ?? (error as Error).message}`);
      return false;
    }
  };

  if ((await view()).status === 'ANNOUNCED') log('waiting for quoting to open …');
  await waitFor(['QUOTING', 'TIMED_BIDDING', 'AWARDED', 'FAILED'], 'quoting opens');
  // two quotes, so that timed bidding follows quoting
  await bid(bidders[0]);
  await bid(bidders[1]);
  log('waiting for timed bidding …');
  let current = await waitFor(
    ['TIMED_BIDDING', 'AWARDED', 'FAILED'],
    'quoting ends and timed bidding starts',
  );
  // the two that quoted take turns: only applications that quoted may bid in timed bidding
  let last = 1;
  for (let round = 0; round < rounds && current.status === 'TIMED_BIDDING'; round++) {
    await sleep(Math.min(3000, current.timedBiddingRoundSeconds * 300));
    if (!(await bid(bidders[1 - last]))) break;
    last = 1 - last;
    current = await view();
  }
  log(`letting a round pass (${current.timedBiddingRoundSeconds} s) …`);
  const done = await waitFor(['AWARDED', 'FAILED'], 'the round ends and the leader is awarded');
  if (done.result) {
    log(
      `AWARDED to ${done.result.winnerBiddingNumber} (${done.result.winnerName}) at ${done.result.finalPrice} yuan`,
    );
  } else {
    log(`${done.status}`);
  }
  return done;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, code: { type: 'string' }, rounds: { type: 'string', default: '3' } },
  });
  const config = loadConfig();
  const url = values.url ?? `http://localhost:${config.port}/graphql`;
  console.log(
    `server: ${url}${values.url ? '' : ' (PORT from the environment; --url <graphql url> for another server)'}`,
  );
  runDemoBidders({
    url,
    jwtSecret: config.jwtSecret,
    code: values.code,
    rounds: Number(values.rounds),
  }).catch((error) => {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ECONNREFUSED')
      console.error(`no server answers at ${url}: start it with npm start (same PORT), or pass --url`);
    else console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
