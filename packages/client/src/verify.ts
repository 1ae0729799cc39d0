/**
 * Checking what the server signed, in the browser or Node 20 (WebCrypto: SHA-256 and Ed25519, both in
 * `crypto.subtle` of current browsers and of Node 20 — no node:crypto fallback needed there).
 * - `verifyAuctionLog(code, events)`: recomputes the auction's hash chain from the events as served
 *   (`auctionEvents` / `Auction.events` with `hash previousHash` and `bid { sequence amount placedAt biddingNumber }`)
 *   and names the first event whose link does not hold. The canonical form is the server's README's.
 * - `verifyReceipt(receipt, jwks)`: a bid receipt (compact JWS, EdDSA) against `GET /.well-known/jwks.json`.
 */
export interface VerifiableEvent {
  sequence: number;
  type: string;
  occurredAt: string;
  status: string;
  currentPrice: string | null;
  phaseEndsAt: string | null;
  reason: string | null;
  hash: string | null;
  previousHash: string | null;
  bid?: { sequence: number; amount: string; placedAt: string; biddingNumber: string } | null;
}

export type LogVerification =
  | { ok: true; count: number; head: { sequence: number; hash: string } | null }
  | { ok: false; sequence: number; reason: string };

const utf8 = new TextEncoder();

/** Money (yuan, "1234.50") → fen, exactly */
function fen(money: string): string {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(money);
  if (!m) throw new Error(`not a Money value: ${money}`);
  return (BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))).toString();
}

const time = (iso: string | null): string | null => (iso === null ? null : new Date(iso).toISOString());
const field = (text: string | null): string => (text === null ? '~' : `${utf8.encode(text).length}:${text},`);

function canonical(e: VerifiableEvent): string {
  const b = e.bid ?? null;
  return [
    String(e.sequence),
    e.type,
    time(e.occurredAt),
    e.status,
    e.currentPrice === null ? null : fen(e.currentPrice),
    time(e.phaseEndsAt),
    e.reason,
    b ? String(b.sequence) : null,
    b ? fen(b.amount) : null,
    b ? time(b.placedAt) : null,
    b ? b.biddingNumber : null,
  ]
    .map(field)
    .join('');
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));

async function sha256(...parts: Uint8Array[]): Promise<string> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

/** The value event 1 is chained from. */
export const genesisHash = (auctionCode: string): Promise<string> =>
  sha256(utf8.encode(`auction-log/v1:${auctionCode}`));

export async function verifyAuctionLog(
  auctionCode: string,
  events: readonly VerifiableEvent[],
): Promise<LogVerification> {
  let previous = await genesisHash(auctionCode);
  let expected = 1;
  for (const e of events) {
    if (e.sequence !== expected)
      return { ok: false, sequence: expected, reason: `event ${expected} is missing` };
    if (e.previousHash !== previous)
      return { ok: false, sequence: e.sequence, reason: 'previousHash is not the hash of the event before' };
    const hash = await sha256(unhex(previous), utf8.encode(canonical(e)));
    if (e.hash !== hash) return { ok: false, sequence: e.sequence, reason: 'hash does not match the event' };
    previous = hash;
    expected++;
  }
  const last = events[events.length - 1];
  return { ok: true, count: events.length, head: last ? { sequence: last.sequence, hash: previous } : null };
}

export interface ReceiptClaims {
  typ: 'auction-bid-receipt';
  v: 1;
  auction: string;
  biddingNumber: string;
  amountFen: number;
  bidSequence: number;
  eventSequence: number;
  eventHash: string;
  acceptedAt: string;
}

const b64 = (text: string) => {
  const s = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(s + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
};

/** A receipt's signature against the server's JWK set; the claims when it holds. */
export async function verifyReceipt(
  receipt: string,
  jwks: { keys: { kid?: string; kty?: string; crv?: string; x?: string }[] },
): Promise<{ ok: true; kid: string; claims: ReceiptClaims } | { ok: false; reason: string }> {
  const parts = receipt.trim().split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  let header: { alg?: string; kid?: string };
  let claims: ReceiptClaims;
  try {
    header = JSON.parse(new TextDecoder().decode(b64(parts[0])));
    claims = JSON.parse(new TextDecoder().decode(b64(parts[1])));
  } catch {
    return { ok: false, reason: 'header or payload is not base64url JSON' };
  }
  if (header.alg !== 'EdDSA') return { ok: false, reason: 'not EdDSA' };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk?.x || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
    return { ok: false, reason: `no key ${header.kid}` };
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  const good = await crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    b64(parts[2]),
    utf8.encode(`${parts[0]}.${parts[1]}`),
  );
  if (!good) return { ok: false, reason: 'bad signature' };
  if (claims.typ !== 'auction-bid-receipt') return { ok: false, reason: 'not a bid receipt' };
  return { ok: true, kid: header.kid!, claims };
}
