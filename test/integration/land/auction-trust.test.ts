/**
 * Issue 22: the hash-chained auction log and signed receipts, end to end over HTTP on both databases — a race
 * of bidders leaves one unbroken chain; a row altered afterwards (amount, time, order) is found by the verifier
 * at its sequence; a forged or altered receipt fails; a rotated key still verifies its old receipts; two
 * servers on one database append to one chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/common/clock';
import { verifyAuction, verifyReceipt, fetchJwks } from '../../../src/cli/verify';
import { newPrivateJwk, signJws } from '../../../src/land/trust/trust.keys';
import { parseKeyFile } from '../../../src/land/trust/trust.keys';
import {
  verifyAuctionLog,
  verifyReceipt as clientVerifyReceipt,
  type VerifiableEvent,
} from '../../../packages/client/src/verify';
import { testDatabases } from '../../helpers/environment';
import {
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
} from '../../helpers/server';
import { Land, type TestBidder } from '../../helpers/land';

const START = '2025-10-08T09:00:00+08:00';
const BID = `mutation TrustPlaceBid($input: PlaceBidInput!) { placeBid(input: $input) { sequence amount receipt } }`;

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe.each(testDatabases())('the auction log and receipts on %s', (db) => {
  let dir: string;
  let keyFile: string;
  let database: TestDatabase;
  let server: TestServer;
  let land: Land;
  const jwkA = newPrivateJwk();
  const jwkB = newPrivateJwk();

  const start = (clock = new ManualClock(START)) =>
    startTestServer({ db: database, clock, config: { receipts: { enabled: true, keyFile } } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trust-'));
    keyFile = join(dir, 'receipt-keys.json');
    writeFileSync(keyFile, JSON.stringify({ keys: [jwkA] }));
    database = await createTestDatabase(db);
    server = await start();
    land = new Land(server);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const sql = (text: string, params: unknown[] = []) =>
    server.app.orm.em.getConnection().execute(text, params) as Promise<Record<string, unknown>[]>;

  async function quotingAuction(count: number): Promise<{ id: string; code: string; bidders: TestBidder[] }> {
    (server.clock as ManualClock).set(START);
    const id = await land.auction({ increment: '5.00' });
    const bidders: TestBidder[] = [];
    for (let i = 0; i < count; i++) {
      const bidder = await land.bidder(`链${i}`);
      await land.qualify(bidder, id);
      bidders.push(bidder);
    }
    (server.clock as ManualClock).set(new Date(Date.parse(START) + 11 * 60_000));
    const code = (await land.view(id)).code;
    return { id, code, bidders };
  }

  /** the log as a browser gets it, for the client package's WebCrypto verifier */
  const servedLog = async (code: string) =>
    (
      await server.data<{ auctionByCode: { events: VerifiableEvent[] } }>(
        `query TrustServedLog($code: String!) { auctionByCode(code: $code) { events(first: 100) {
          sequence type occurredAt status currentPrice phaseEndsAt reason hash previousHash
          bid { sequence amount placedAt biddingNumber } } } }`,
        { code },
      )
    ).auctionByCode.events;

  const bid = (bidder: TestBidder, auctionId: string, amount: string, key: string) =>
    server.request<{ placeBid: { sequence: number; amount: string; receipt: string | null } }>(
      BID,
      { input: { auctionId, amount, idempotencyKey: key } },
      { token: bidder.token },
    );

  /** every bidder fires rungs at once; whatever is accepted must form one chain */
  async function race(id: string, bidders: TestBidder[], rounds: number) {
    const accepted: { sequence: number; amount: string; receipt: string; key: string; bidder: TestBidder }[] =
      [];
    await Promise.all(
      bidders.map(async (bidder, i) => {
        for (let k = 0; k < rounds; k++) {
          const key = `race-${i}-${k}`;
          const response = await bid(bidder, id, yuan(10_000 + (k * bidders.length + i) * 500), key);
          if (response.data)
            accepted.push({
              ...response.data.placeBid,
              receipt: response.data.placeBid.receipt!,
              key,
              bidder,
            });
        }
      }),
    );
    return accepted.sort((a, b) => a.sequence - b.sequence);
  }

  let raced: { id: string; code: string; accepted: Awaited<ReturnType<typeof race>> };

  it('a race of bidders yields one unbroken chain, and every accepted bid a receipt that verifies', async () => {
    const { id, code, bidders } = await quotingAuction(5);
    const accepted = await race(id, bidders, 8);
    raced = { id, code, accepted };
    expect(accepted.length).toBeGreaterThan(5);
    expect(accepted.map((a) => a.sequence)).toEqual(accepted.map((_, i) => i + 1));
    const verdict = await verifyAuction(server.url, code);
    expect(verdict).toEqual({
      ok: true,
      message: expect.stringMatching(/^OK \d+ events, head \d+ [0-9a-f]{64}/),
    });
    const events = await sql(
      'select count(*) as n from auction_event e join auction a on a.id = e.auction_id where a.code = ?',
      [code],
    );
    expect(verdict.message).toContain(`OK ${Number(events[0].n)} events`);
    for (const a of accepted) {
      expect(a.receipt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(b64json(a.receipt.split('.')[0])).toEqual({ alg: 'EdDSA', kid: jwkA.kid, typ: 'JWT' });
      const claims = b64json(a.receipt.split('.')[1]);
      expect(claims).toMatchObject({ typ: 'auction-bid-receipt', auction: code, bidSequence: a.sequence });
      expect(claims.amountFen).toBe(Math.round(Number(a.amount) * 100));
      expect((await verifyReceipt(server.url, a.receipt)).ok).toBe(true);
    }
    // the client package (WebCrypto) agrees
    const log = await servedLog(code);
    expect(await verifyAuctionLog(code, log)).toEqual({
      ok: true,
      count: log.length,
      head: { sequence: log.length, hash: log[log.length - 1].hash },
    });
    const jwks = await fetchJwks(server.url);
    expect(await clientVerifyReceipt(accepted[0].receipt, jwks)).toMatchObject({ ok: true, kid: jwkA.kid });
  });

  it('an idempotent retry returns the very same receipt', async () => {
    const first = raced.accepted[raced.accepted.length - 1];
    const retry = await bid(first.bidder, raced.id, first.amount, first.key);
    expect(retry.data?.placeBid.receipt).toBe(first.receipt);
  });

  it('a forged or altered receipt fails', async () => {
    const good = raced.accepted[0].receipt;
    const [header, payload, signature] = good.split('.');
    const claims = b64json(payload);
    const altered = Buffer.from(JSON.stringify({ ...claims, amountFen: claims.amountFen + 100 })).toString(
      'base64url',
    );
    expect(await verifyReceipt(server.url, `${header}.${altered}.${signature}`)).toEqual({
      ok: false,
      message: 'BAD receipt: bad signature',
    });
    // signed by a key the server does not hold, under the server's kid
    const stranger = {
      signer: parseKeyFile(JSON.stringify({ keys: [{ ...jwkB, kid: jwkA.kid }] }))[0],
      keys: [],
    };
    const forged = signJws(claims, { ...stranger, keys: [stranger.signer] });
    expect((await verifyReceipt(server.url, forged)).message).toBe('BAD receipt: bad signature');
    // well signed claims the log does not hold
    const ours = parseKeyFile(JSON.stringify({ keys: [jwkA] }))[0];
    const lie = signJws({ ...claims, eventHash: '0'.repeat(64) }, { signer: ours, keys: [ours] });
    expect((await verifyReceipt(server.url, lie)).message).toMatch(
      /^BAD: event \d+ of .* is not the one the receipt signed/,
    );
  });

  it('finds a row altered afterwards — amount, time or order — at its sequence', async () => {
    const { code, accepted } = raced;
    const target = accepted[Math.floor(accepted.length / 2)];
    const [event] = await sql(
      'select e.id, e.sequence, b.id as bid_id from auction_event e join bid b on b.id = e.bid_id join auction a on a.id = e.auction_id where a.code = ? and b.sequence = ?',
      [code, target.sequence],
    );
    const sequence = Number(event.sequence);
    const expectBadAt = async (at: number) => {
      const verdict = await verifyAuction(server.url, code);
      expect(verdict).toMatchObject({ ok: false, sequence: at });
      expect(verdict.message).toMatch(new RegExp(`^BAD at event ${at}: `));
    };

    await sql('update bid set amount = amount + 1 where id = ?', [event.bid_id]);
    await expectBadAt(sequence);
    expect(await verifyAuctionLog(code, await servedLog(code))).toMatchObject({ ok: false, sequence });
    await sql('update bid set amount = amount - 1 where id = ?', [event.bid_id]);
    expect((await verifyAuction(server.url, code)).ok).toBe(true);

    const shift =
      db === 'sqlite'
        ? 'occurred_at = occurred_at + 1000'
        : "occurred_at = occurred_at + interval '1 second'";
    const back =
      db === 'sqlite'
        ? 'occurred_at = occurred_at - 1000'
        : "occurred_at = occurred_at - interval '1 second'";
    await sql(`update auction_event set ${shift} where id = ?`, [event.id]);
    await expectBadAt(sequence);
    await sql(`update auction_event set ${back} where id = ?`, [event.id]);
    expect((await verifyAuction(server.url, code)).ok).toBe(true);

    // two events swap places
    const [next] = await sql(
      'select id from auction_event where auction_id = (select auction_id from auction_event where id = ?) and sequence = ?',
      [event.id, sequence + 1],
    );
    const swap = async () => {
      await sql('update auction_event set sequence = -1 where id = ?', [event.id]);
      await sql('update auction_event set sequence = ? where id = ?', [sequence, next.id]);
      await sql('update auction_event set sequence = ? where id = ?', [sequence + 1, event.id]);
    };
    await swap();
    await expectBadAt(sequence);
  });

  it('ends trading with a signed head, and a rotated key still verifies the old receipts', async () => {
    // put the swapped events of the previous test back (the swap is its own inverse on these two ids)
    const { id, code, accepted } = raced;
    const rows = await sql(
      'select e.id, e.sequence, e.bid_id, b.sequence as bid_sequence from auction_event e left join bid b on b.id = e.bid_id where e.auction_id = ? order by e.sequence',
      [id],
    );
    const misplaced = rows.filter(
      (r, i) =>
        i > 0 && r.bid_id && rows[i - 1].bid_id && Number(r.bid_sequence) < Number(rows[i - 1].bid_sequence),
    );
    if (misplaced.length === 1) {
      const b = misplaced[0];
      const a = rows[rows.indexOf(b) - 1];
      await sql('update auction_event set sequence = -1 where id = ?', [a.id]);
      await sql('update auction_event set sequence = ? where id = ?', [Number(a.sequence), b.id]);
      await sql('update auction_event set sequence = ? where id = ?', [Number(b.sequence), a.id]);
    }
    expect((await verifyAuction(server.url, code)).ok).toBe(true);

    // rotation: B first (it signs), A kept (it verifies)
    await server.close().catch(() => undefined);
    writeFileSync(keyFile, JSON.stringify({ keys: [jwkB, jwkA] }));
    server = await start(new ManualClock(new Date(Date.parse(START) + 12 * 60_000)));
    land = new Land(server);
    expect((await fetchJwks(server.url)).keys.map((k) => k.kid)).toEqual([jwkB.kid, jwkA.kid]);
    const old = await verifyReceipt(server.url, accepted[0].receipt);
    expect(old).toEqual({ ok: true, message: expect.stringContaining(`(signed by ${jwkA.kid})`) });
    const last = accepted[accepted.length - 1];
    const next = await bid(
      last.bidder === accepted[0].bidder ? accepted[1].bidder : accepted[0].bidder,
      id,
      yuan(Math.round(Number(last.amount) * 100) + 50_000),
      'after-rotation',
    );
    const receipt = next.data!.placeBid.receipt!;
    expect(b64json(receipt.split('.')[0]).kid).toBe(jwkB.kid);
    expect((await verifyReceipt(server.url, receipt)).ok).toBe(true);

    // trading ends: the AWARDED event carries a signed head over its own hash
    (server.clock as ManualClock).set(new Date(Date.parse(START) + 3 * 86_400_000));
    const view = await land.view(id);
    expect(['AWARDED', 'DOCUMENTS_SUBMITTED', 'DEFAULTED']).toContain(view.status);
    const verdict = await verifyAuction(server.url, code);
    expect(verdict.ok).toBe(true);
    const awarded = await server.data<{
      auctionByCode: {
        events: { type: string; hash: string; signedHead: string | null; sequence: number }[];
      };
    }>(
      `query TrustAwarded($code: String!) { auctionByCode(code: $code) { events(first: 100) { type sequence hash signedHead } } }`,
      { code },
    );
    const award = awarded.auctionByCode.events.find((e) => e.type === 'AWARDED')!;
    expect(b64json(award.signedHead!.split('.')[1])).toEqual({
      typ: 'auction-log-head',
      v: 1,
      auction: code,
      sequence: award.sequence,
      hash: award.hash,
    });
    expect(awarded.auctionByCode.events.filter((e) => e.signedHead).map((e) => e.type)).toEqual(['AWARDED']);
  });

  if (db === 'postgresql')
    it('two servers on one PostgreSQL append to one chain', async () => {
      const other = await startTestServer({
        db: database,
        clock: new ManualClock(START),
        config: { receipts: { enabled: true, keyFile } },
      });
      try {
        const { id, code, bidders } = await quotingAuction(4);
        (other.clock as ManualClock).set(server.clock.now());
        const servers = [server, other];
        const accepted: number[] = [];
        await Promise.all(
          bidders.map(async (bidder, i) => {
            for (let k = 0; k < 8; k++) {
              const response = await servers[i % 2].request<{ placeBid: { sequence: number } }>(
                BID,
                {
                  input: {
                    auctionId: id,
                    amount: yuan(10_000 + (k * bidders.length + i) * 500),
                    idempotencyKey: `two-${i}-${k}`,
                  },
                },
                { token: bidder.token },
              );
              if (response.data) accepted.push(response.data.placeBid.sequence);
            }
          }),
        );
        expect(accepted.sort((a, b) => a - b)).toEqual(accepted.map((_, i) => i + 1));
        expect((await verifyAuction(server.url, code)).ok).toBe(true);
        expect((await verifyAuction(other.url, code)).ok).toBe(true);
      } finally {
        await other.close();
      }
    });
});
