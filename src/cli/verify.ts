/**
 * What `npm run verify:auction` and `npm run verify:receipt` do, against a running server, with nothing but its
 * public answers: the auction's events (GraphQL, no token), its signed head (auctionLogHead) and the keys
 * (GET /.well-known/jwks.json). The chain is recomputed here (src/common/trust/log-chain.ts), never trusted.
 */
import { parseMoney } from '../common/money';
import { checkChain, type ChainedEvent } from '../common/trust/log-chain';
import { verifyJws, type HeadClaims, type ReceiptClaims } from '../land';

export const DEFAULT_URL = 'http://localhost:4000';

interface ServedEvent {
  sequence: number;
  type: string;
  occurredAt: string;
  status: string;
  currentPrice: string | null;
  phaseEndsAt: string | null;
  reason: string | null;
  hash: string | null;
  previousHash: string | null;
  signedHead: string | null;
  bid: { sequence: number; amount: string; placedAt: string; biddingNumber: string } | null;
}

const EVENTS = `query VerifyAuctionEvents($code: String!, $afterSequence: Int) {
  auctionByCode(code: $code) {
    id
    code
    events(afterSequence: $afterSequence, first: 100) {
      sequence type occurredAt status currentPrice phaseEndsAt reason hash previousHash signedHead
      bid { sequence amount placedAt biddingNumber }
    }
  }
}`;

const HEAD = `query VerifyAuctionHead($auctionId: ID!) { auctionLogHead(auctionId: $auctionId) { sequence hash signature } }`;

async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(new URL('/graphql', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

export type Jwks = { keys: { kid?: string; kty?: string; crv?: string; x?: string }[] };

export async function fetchJwks(url: string): Promise<Jwks> {
  const response = await fetch(new URL('/.well-known/jwks.json', url));
  if (!response.ok) throw new Error(`GET /.well-known/jwks.json answered ${response.status}`);
  return (await response.json()) as Jwks;
}

const chained = (e: ServedEvent): ChainedEvent & { hash: string | null; previousHash: string | null } => ({
  sequence: e.sequence,
  type: e.type,
  occurredAt: new Date(e.occurredAt),
  status: e.status,
  currentPrice: e.currentPrice === null ? null : parseMoney(e.currentPrice),
  phaseEndsAt: e.phaseEndsAt === null ? null : new Date(e.phaseEndsAt),
  reason: e.reason,
  bid: e.bid
    ? {
        sequence: e.bid.sequence,
        amount: parseMoney(e.bid.amount),
        placedAt: new Date(e.bid.placedAt),
        biddingNumber: e.bid.biddingNumber,
      }
    : null,
  hash: e.hash,
  previousHash: e.previousHash,
});

export type Verdict = { ok: true; message: string } | { ok: false; sequence?: number; message: string };

/** Recomputes the auction's chain and checks its signed head and every terminal event's signed head. */
export async function verifyAuction(url: string, code: string): Promise<Verdict> {
  const events: ServedEvent[] = [];
  let auctionId: string | null = null;
  for (;;) {
    const data = await graphql<{ auctionByCode: { id: string; events: ServedEvent[] } | null }>(url, EVENTS, {
      code,
      afterSequence: events.length ? events[events.length - 1].sequence : 0,
    });
    if (!data.auctionByCode) return { ok: false, message: `no auction ${code} (or not public)` };
    auctionId = data.auctionByCode.id;
    events.push(...data.auctionByCode.events);
    if (data.auctionByCode.events.length < 100) break;
  }
  const jwks = await fetchJwks(url);
  const chain = checkChain(code, events.map(chained));
  if (!chain.ok)
    return {
      ok: false,
      sequence: chain.sequence,
      message: `BAD at event ${chain.sequence}: ${chain.reason}`,
    };
  for (const e of events) {
    if (!e.signedHead) continue;
    const head = verifyJws<HeadClaims>(e.signedHead, jwks);
    if (!head.ok)
      return {
        ok: false,
        sequence: e.sequence,
        message: `BAD at event ${e.sequence}: signed head ${head.reason}`,
      };
    const h = head.payload;
    if (h.typ !== 'auction-log-head' || h.auction !== code || h.sequence !== e.sequence || h.hash !== e.hash)
      return {
        ok: false,
        sequence: e.sequence,
        message: `BAD at event ${e.sequence}: signed head does not match`,
      };
  }
  const served = await graphql<{
    auctionLogHead: { sequence: number; hash: string | null; signature: string | null } | null;
  }>(url, HEAD, { auctionId });
  const head = served.auctionLogHead;
  if (!head?.signature) return { ok: false, message: 'the server gave no signed head' };
  const signed = verifyJws<HeadClaims>(head.signature, jwks);
  if (!signed.ok) return { ok: false, message: `signed head: ${signed.reason}` };
  const claims = signed.payload;
  if (claims.typ !== 'auction-log-head' || claims.auction !== code)
    return { ok: false, message: 'the signed head is not this auction’s' };
  // the log may have grown between the two reads; the head must lie on the chain checked
  const at = claims.sequence === 0 ? null : events.find((e) => e.sequence === claims.sequence);
  if (claims.sequence > 0 && (!at || at.hash !== claims.hash))
    return {
      ok: false,
      sequence: claims.sequence,
      message: `BAD: the signed head (event ${claims.sequence}) is not on the chain served`,
    };
  const last = chain.head;
  return {
    ok: true,
    message: `OK ${chain.count} events, head ${last ? `${last.sequence} ${last.hash}` : 'genesis'} (signed by ${signed.kid})`,
  };
}

/** Checks a receipt's signature against the server's keys, and that the auction's log holds its event. */
export async function verifyReceipt(url: string, receipt: string): Promise<Verdict> {
  const jwks = await fetchJwks(url);
  const signed = verifyJws<ReceiptClaims>(receipt, jwks);
  if (!signed.ok) return { ok: false, message: `BAD receipt: ${signed.reason}` };
  const r = signed.payload;
  if (r.typ !== 'auction-bid-receipt') return { ok: false, message: 'BAD receipt: not a bid receipt' };
  const data = await graphql<{ auctionByCode: { events: ServedEvent[] } | null }>(url, EVENTS, {
    code: r.auction,
    afterSequence: r.eventSequence - 1,
  });
  const event = data.auctionByCode?.events.find((e) => e.sequence === r.eventSequence);
  if (!event || event.hash !== r.eventHash || !event.bid)
    return {
      ok: false,
      message: `BAD: event ${r.eventSequence} of ${r.auction} is not the one the receipt signed`,
    };
  if (
    event.bid.sequence !== r.bidSequence ||
    parseMoney(event.bid.amount) !== r.amountFen ||
    event.bid.biddingNumber !== r.biddingNumber ||
    new Date(event.bid.placedAt).toISOString() !== r.acceptedAt
  )
    return { ok: false, message: `BAD: the bid in event ${r.eventSequence} differs from the receipt` };
  return {
    ok: true,
    message: `OK receipt of bid ${r.bidSequence} by ${r.biddingNumber}, ${r.amountFen} fen, ${r.auction} event ${r.eventSequence} (signed by ${signed.kid})`,
  };
}

/** `<positional> [--url URL]` → exit 0 with OK…, or 1 with the first thing that is wrong. */
export async function runVerifier(
  usage: string,
  argv: string[],
  check: (url: string, subject: string) => Promise<Verdict>,
): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { values, positionals } = parseArgs({
    args: argv,
    options: { url: { type: 'string', default: DEFAULT_URL } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  try {
    const verdict = await check(values.url!, positionals[0]);
    (verdict.ok ? console.log : console.error)(verdict.message);
    process.exitCode = verdict.ok ? 0 : 1;
  } catch (error) {
    console.error(`cannot verify: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
