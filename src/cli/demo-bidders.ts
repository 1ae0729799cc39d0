/**
 * npm run demo:bidders — demo bidders trade on the running server's demo auction (demo mode): the trading centre
 * registers them with their demo certificates, each signs in with its certificate (half of them SM2 under an SM2
 * intermediate, signing the challenge SM3withSM2 as DER or CMS; the others RSA), applies, the bank reports the
 * deposits, and they bid through quoting and timed bidding until a round passes with no bid and the auction is
 * AWARDED. The winner then signs its bidding documents (a real PDF) with its certificate's key, uploads them,
 * submits them, prints its 《成交通知书》, and the seller signs the 《成交确认书》: CONFIRMED.
 *
 *   npm run demo:bidders [-- --url http://localhost:4000/graphql] [--code DEMO-…] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { Role } from '../common/viewer';
import { loadConfig } from '../config';
import { signToken } from '../auth/token';
import { createHash } from 'node:crypto';
import {
  demoBidderCertificate,
  DEMO_BIDDERS,
  ensureDemoCa,
  DEMO_CA_DIR,
  signCms,
} from '../land/bidder/demo-ca';
import { signData } from '../land/bidder/pki/issue';
import { renderPaper } from '../land/document/paper.pdf';

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

/** a demo bidder's basic account (基本户): made-up, derived from its registration number */
const basicAccountOf = (demo: { name: string; registrationNumber: string }) => ({
  bankName: '演示银行西宁分行（演示）',
  accountName: demo.name,
  accountNumber: `6222${demo.registrationNumber.replace(/\D/g, '').padEnd(12, '0')}`,
});

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

  /** certificate sign-in: a challenge nonce signed with the certificate's key (SM2: DER or CMS by turns) */
  let sm2SignIns = 0;
  const signIn = async (certificate: { certificatePem: string; privateKeyPem: string }, sm2: boolean) => {
    const { certificateChallenge } = await gql<{ certificateChallenge: { nonce: string } }>(
      `mutation { certificateChallenge { nonce } }`,
      {},
    );
    const nonce = Buffer.from(certificateChallenge.nonce, 'utf8');
    const signature =
      sm2 && sm2SignIns++ % 2 === 1
        ? signCms(certificate, nonce)
        : signData(certificate.privateKeyPem, nonce).signature;
    const { signInWithCertificate } = await gql<{ signInWithCertificate: { token: string } }>(
      `mutation($input: CertificateSignInInput!) { signInWithCertificate(input: $input) { token } }`,
      {
        input: {
          certificatePem: certificate.certificatePem,
          nonce: certificateChallenge.nonce,
          signature: signature.toString('base64'),
        },
      },
    );
    return signInWithCertificate.token;
  };

  const bidders: { name: string; token: string; privateKeyPem: string; applicationId: string }[] = [];
  for (const demo of DEMO_BIDDERS) {
    const certificate = demoBidderCertificate(demo.key, options.caDir ?? DEMO_CA_DIR);
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
            certificatePem: certificate.certificatePem,
            integrityProfileComplete: true,
            basicAccount: basicAccountOf(demo),
          },
        },
        center,
      );
      id = registered.registerBidder.id;
      log(`registered ${demo.name} with its demo certificate`);
    }
    const bidderToken = await signIn(certificate, demo.algorithm === 'SM2');
    log(`${demo.name} signed in with its ${demo.algorithm} certificate`);
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
            // from the bidder's registered basic account (基本户), as the notice requires
            payerAccountName: basicAccountOf(demo).accountName,
            payerAccountNumber: basicAccountOf(demo).accountNumber,
          },
        },
        bank,
      );
      log(
        `bank: ${demo.name}'s deposit ${paid.recordDepositArrival.accepted ? 'accepted' : paid.recordDepositArrival.rejectionCode}`,
      );
    }
    bidders.push({
      name: demo.name,
      token: bidderToken,
      privateKeyPem: demoBidderCertificate(demo.key, options.caDir ?? DEMO_CA_DIR).privateKeyPem,
      applicationId: application.id,
    });
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
  if (!done.result) {
    log(`${done.status}`);
    return done;
  }
  log(
    `AWARDED to ${done.result.winnerBiddingNumber} (${done.result.winnerName}) at ${done.result.finalPrice} yuan`,
  );
  const awarded: AuctionView = done;
  const winner = await findWinner(done.result.winnerBiddingNumber);
  await submitSignedDocuments(winner);
  await gql(
    `mutation($id: ID!) { signConfirmation(auctionId: $id) { confirmationSignedAt } }`,
    { id: target.id },
    token([Role.LAND_BUREAU]),
  );
  const confirmed = await view();
  log(`the seller signed the 《成交确认书》: ${confirmed.status}`);
  return confirmed;

  async function findWinner(biddingNumber: string) {
    for (const b of bidders) {
      const { application } = await gql<{ application: { qualification: { biddingNumber: string } | null } }>(
        `query($id: ID!) { application(id: $id) { qualification { biddingNumber } } }`,
        { id: b.applicationId },
        b.token,
      );
      if (application.qualification?.biddingNumber === biddingNumber) return b;
    }
    throw new Error(`no demo bidder holds bidding number ${biddingNumber}`);
  }

  /** A real PDF, signed over its SHA-256 with the certificate's key, uploaded, then submitted by its id. */
  async function submitSignedDocuments(who: (typeof bidders)[number]) {
    const now = new Date();
    const pdf = await renderPaper(
      {
        title: '竞买资料（演示）',
        number: `DEMO-${now.getTime()}`,
        to: '西宁市公共资源交易中心：',
        intro: `${who.name}按《竞买须知》提交竞买资料如下（演示文件，非真实材料）。`,
        fields: [
          { label: '竞买人', value: who.name },
          { label: '挂牌编号', value: awarded.code },
          { label: '资料', value: '营业执照副本、法定代表人身份证明、竞买申请书（演示）' },
        ],
        issuer: who.name,
        issuedOn: now.toISOString().slice(0, 10),
        verificationCode: '—',
      },
      now,
    );
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const fileName = `${who.name}-竞买资料.pdf`;
    const response = await fetch(
      `${options.url.replace(/\/graphql$/, '')}/documents?auctionId=${awarded.id}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${who.token}`,
          'content-type': 'application/pdf',
          'x-file-name': encodeURIComponent(fileName),
          'x-content-sha256': sha256,
          'x-signature': signData(who.privateKeyPem, Buffer.from(sha256, 'utf8')).signature.toString(
            'base64',
          ),
        },
        body: new Uint8Array(pdf),
      },
    );
    const uploaded = (await response.json()) as { id?: string; errors?: { message: string }[] };
    if (!uploaded.id) throw new Error(`upload refused: ${uploaded.errors?.[0]?.message ?? response.status}`);
    log(`${who.name} uploaded ${fileName} (${pdf.length} bytes, signed with its certificate)`);
    const submitted = await gql<{ submitAwardDocuments: { transactionNoticeNumber: string } }>(
      `mutation($id: ID!, $documents: [DocumentInput!]!) { submitAwardDocuments(auctionId: $id, documents: $documents) { transactionNoticeNumber } }`,
      {
        id: awarded.id,
        documents: [
          { kind: 'BIDDING_DOCUMENTS', fileName, sha256, sizeBytes: pdf.length, documentId: uploaded.id },
        ],
      },
      who.token,
    );
    log(
      `documents submitted; 《成交通知书》 ${submitted.submitAwardDocuments.transactionNoticeNumber}: ${options.url.replace(/\/graphql$/, '')}/papers/transaction-notice/${awarded.id}`,
    );
  }
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
