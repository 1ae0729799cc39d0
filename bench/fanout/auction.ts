/**
 * The real event source of the fan-out benchmark: server processes from dist/src/main.js, an auction taken to
 * QUOTING over the API (published with quoting a few seconds ahead, two bidders qualified meanwhile; the
 * server's own scheduler opens quoting), and placeBid calls alternating the two bidders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Role } from '../../src/common/viewer';
import { signToken } from '../../src/auth/token';

export interface MainProcess {
  process: ChildProcess;
  pid: number;
  url: string;
  wsUrl: string;
}

const mainScript = join(__dirname, '..', '..', 'src', 'main.js');

export async function startMainProcess(env: NodeJS.ProcessEnv, execArgv: string[]): Promise<MainProcess> {
  const child = spawn(process.execPath, [...execArgv, mainScript], {
    env: { ...env, RATE_LIMIT_PLACE_BID: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${output}`));
    });
  });
  // keep draining its output (a full pipe would stall the server), and show warnings
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.removeAllListeners('data');
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (!text.startsWith('WebSocket error')) process.stderr.write(`  [server ${child.pid}] ${text}`);
  });
  return { process: child, pid: child.pid!, url, wsUrl: url.replace(/^http/, 'ws') };
}

async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const STARTING_FEN = 75_418_000_000n;
const INCREMENT_FEN = 1_200_000_000n;
const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

/** An auction in QUOTING; `place` places the next bid (serialized: each waits for the previous one). */
export async function auctionInQuoting(
  servers: { url: string }[],
  secret: string,
  code: string,
): Promise<{ clientArgs: string[]; head: number; place(server: { url: string }): Promise<number> }> {
  const url = servers[0].url;
  const token = (roles: Role[], bidderId?: string) =>
    signToken(
      secret,
      { sub: bidderId ? `bidder:${bidderId}` : `bench:${roles.join('+')}`, roles, bidderId },
      3600,
    ).token;
  const center = token([Role.TRADING_CENTER]);
  const bank = token([Role.BANK]);
  const parcel = await gql<{ createParcel: { id: string } }>(
    url,
    `mutation ($input: CreateParcelInput!) { createParcel(input: $input) { id } }`,
    {
      input: {
        code: `P-${code}`,
        city: '西宁市',
        district: '城东区',
        location: '城东区（基准测试）',
        areaSqm: '86788.68',
        landUses: ['RESIDENTIAL'],
        planning: { floorAreaRatioMin: '1.0', floorAreaRatioMax: '2.3' },
        leaseTerms: [{ landUse: 'RESIDENTIAL', years: 70 }],
      },
    },
    center,
  );
  const now = Date.now();
  const quoteStart = now + 6000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = await gql<{ createAuction: { id: string } }>(
    url,
    `mutation ($input: CreateAuctionInput!) { createAuction(input: $input) { id } }`,
    {
      input: {
        code,
        title: `${code} 基准测试`,
        parcelId: parcel.createParcel.id,
        seller: { name: '出让方' },
        tradingCenter: { name: '交易中心' },
        startingPrice: yuan(STARTING_FEN),
        increment: yuan(INCREMENT_FEN),
        deposit: '150840000.00',
        schedule: {
          announcementStart: iso(now),
          applicationStart: iso(now),
          announcementEnd: iso(quoteStart),
          quoteStart: iso(quoteStart),
          depositDeadline: iso(quoteStart - 500),
          applicationEnd: iso(quoteStart - 500),
          quoteEnd: iso(now + 4 * 3600_000),
        },
      },
    },
    center,
  );
  const auctionId = created.createAuction.id;
  await gql(url, `mutation ($id: ID!) { publishAuction(id: $id) { id } }`, { id: auctionId }, center);
  const bidders: string[] = [];
  for (const [i, name] of ['甲基准置业有限公司', '乙基准建设集团有限公司'].entries()) {
    const registered = await gql<{ registerBidder: { id: string } }>(
      url,
      `mutation ($input: RegisterBidderInput!) { registerBidder(input: $input) { id } }`,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name,
          domestic: true,
          registrationNumber: `91630100BENCH0${i}X`,
          integrityProfileComplete: true,
          basicAccount: { bankName: 'bench bank', accountName: name, accountNumber: `6222000${i}` },
        },
      },
      center,
    );
    const bidderToken = token([Role.BIDDER], registered.registerBidder.id);
    const applied = await gql<{
      applyForAuction: { depositAccount: { accountNumber: string; amountDue: string } };
    }>(
      url,
      `mutation ($input: ApplyInput!) { applyForAuction(input: $input) { depositAccount { accountNumber amountDue } } }`,
      { input: { auctionId } },
      bidderToken,
    );
    const { accountNumber, amountDue } = applied.applyForAuction.depositAccount;
    await gql(
      url,
      `mutation ($input: DepositArrivalInput!) { recordDepositArrival(input: $input) { accepted } }`,
      {
        input: {
          accountNumber,
          amount: amountDue,
          arrivedAt: iso(Date.now()),
          bankTransactionId: `bench-${code}-${i}`,
          payerAccountName: name,
          payerAccountNumber: `6222000${i}`,
        },
      },
      bank,
    );
    bidders.push(bidderToken);
  }
  // the server's scheduler opens quoting at quoteStart
  let head = 0;
  for (;;) {
    const state = await gql<{ auctionByCode: { status: string; events: { sequence: number }[] } }>(
      url,
      `query ($code: String!) { auctionByCode(code: $code) { status events(afterSequence: 0, first: 100) { sequence } } }`,
      { code },
    );
    if (state.auctionByCode.status === 'QUOTING') {
      head = state.auctionByCode.events.at(-1)!.sequence;
      break;
    }
    if (Date.now() > quoteStart + 30_000)
      throw new Error(`auction ${code} did not open: ${state.auctionByCode.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  let placed = 0;
  let previous: Promise<unknown> = Promise.resolve();
  const placeOne = async (server: { url: string }): Promise<number> => {
    const k = placed++;
    const result = await gql<{ placeBid: { sequence: number } }>(
      server.url,
      `mutation ($input: PlaceBidInput!) { placeBid(input: $input) { sequence } }`,
      {
        input: {
          auctionId,
          amount: yuan(STARTING_FEN + BigInt(k) * INCREMENT_FEN),
          idempotencyKey: `bench-${k}`,
        },
      },
      bidders[k % 2],
    );
    // the event log holds PUBLISHED and QUOTING_OPENED before the first bid: event = head + bid sequence
    return head + result.placeBid.sequence;
  };
  return {
    clientArgs: ['--auction', auctionId],
    head,
    place(server) {
      const next = previous.then(() => placeOne(server));
      previous = next.catch(() => undefined);
      return next;
    },
  };
}
