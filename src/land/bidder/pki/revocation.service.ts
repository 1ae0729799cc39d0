/**
 * Revocation without a network (吊销检查, offline): the trading centre loads each CA's CRL through a mutation; the
 * serials it revokes are kept in the database, so every instance refuses them at once. Registration, sign-in and
 * document signatures check the whole path; a bidder already signed in is marked when its certificate (or a CA
 * above it) is revoked, and its next request is refused (bidderRevoked, called per request by the server).
 */
import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import { Lru } from '../../../common/lru';
import { channelOf, type Publisher } from '../../../common/pubsub';
import type { Context } from '../../../common/request/context';
import type { Config } from '../../../config';
import { requireTradingCenter } from '../../land.policy';
import { Bidder } from '../bidder.entity';
import { ChainProblem, verifyChain } from './chain';
import { crlSigner, issuerKeyOf, readCrl } from './crl';
import { CertificateRevocationList, RevokedCertificate } from './revocation.entity';
import { readPemCertificates, type X509 } from './x509';

export type StaleCrlPolicy = 'refuse' | 'warn';

interface RevocationContext {
  em: EntityManager;
  clock: { now(): Date };
  config: Pick<Config, 'staleCrlPolicy'>;
  log?: (message: string) => void;
}

const day = (d: Date) => d.toISOString();

/**
 * Why the certificates of `path` (leaf first) may not be used now: one revoked by a loaded CRL, or (policy
 * refuse) a CRL past its next update; null when none. Under policy warn a stale CRL is only logged.
 */
export async function revocationProblem(ctx: RevocationContext, path: X509[]): Promise<string | null> {
  // the trusted CA at the end is trusted by configuration, not by a CRL
  const checked = path.length > 1 ? path.slice(0, -1) : path;
  const keys = [...new Set(checked.map((c) => issuerKeyOf(c.issuerDer)))];
  const em = ctx.em.fork();
  const revoked = await em.find(RevokedCertificate, {
    issuerKey: { $in: keys },
    serialNumber: { $in: checked.map((c) => c.serialNumber) },
  });
  for (const cert of checked) {
    const hit = revoked.find(
      (r) => r.issuerKey === issuerKeyOf(cert.issuerDer) && r.serialNumber === cert.serialNumber,
    );
    if (hit)
      return `the certificate "${cert.subject}" (serial ${cert.serialNumber}) was revoked on ${day(hit.revokedAt)} by the CRL of "${cert.issuer}"`;
  }
  const now = ctx.clock.now();
  const crls = await em.find(CertificateRevocationList, { issuerKey: { $in: keys } });
  for (const crl of crls) {
    if (!crl.nextUpdate || crl.nextUpdate > now) continue;
    const message = `the CRL of "${crl.issuer}" is past its next update (${day(crl.nextUpdate)}): the trading centre should load a fresh one`;
    if (ctx.config.staleCrlPolicy === 'refuse') return message;
    ctx.log?.(`warning: ${message} (STALE_CRL_POLICY=warn: certificates it covers are still accepted)`);
  }
  return null;
}

/** true when the bidder's registered certificate, or a CA above it, was revoked by a CRL loaded since. */
export async function bidderRevoked(em: EntityManager, bidderId: string): Promise<boolean> {
  if (!isUuid(bidderId)) return false; // no such bidder (tokens name bidders by UUID)
  const found = await em
    .fork()
    .findOne(Bidder, { id: bidderId, certificateRevokedAt: { $ne: null } }, { fields: ['id'] });
  return found !== null;
}

/**
 * bidderRevoked per request without a statement per request: each instance remembers the answers it read.
 * Only loading a CRL marks bidders revoked (loadCrl; a mark is never taken back), so an answer stays true until
 * the next load: "revoked" forever, "not revoked" until then. A load forgets every "not revoked" on the loading
 * instance before its mutation answers, and on every other instance when the message it publishes arrives (or
 * when the transport reconnected, when messages may have been lost); until the listener is in place nothing is
 * trusted, and an answer is trusted for at most REVOCATION_TTL_MS of clock time, which bounds what a lost
 * message could cost. A lookup that started before a load does not store its answer.
 */
export const CRL_LOADED_TOPIC = 'LAND_CRL_LOADED';
const CRL_LOADED_ID = 'loaded';
export const REVOCATION_TTL_MS = 5000;

interface RevocationCache {
  /** bidder id → the answer and the clock time it was read at (a "revoked" is kept: a mark is never taken back) */
  answers: Lru<string, { revoked: boolean; readAt: number }>;
  /** bumped by every load: a lookup that started before one must not store its answer */
  generation: number;
  listening: boolean;
}

const caches = new WeakMap<Publisher, RevocationCache>();

function forgetAnswers(cache: RevocationCache): void {
  cache.generation++;
  cache.answers.clear();
}

function revocationCacheOf(publisher: Publisher): RevocationCache {
  const known = caches.get(publisher);
  if (known) return known;
  const cache: RevocationCache = { answers: new Lru(50_000), generation: 0, listening: false };
  caches.set(publisher, cache);
  publisher.bus.onReconnect(() => forgetAnswers(cache));
  publisher.bus
    .listen(channelOf(CRL_LOADED_TOPIC, CRL_LOADED_ID), () => forgetAnswers(cache))
    .then(
      () => {
        cache.listening = true;
      },
      () => undefined, // no listener: every request reads, as without the cache
    );
  return cache;
}

/** bidderRevoked, answered from what this instance read before when that is still the answer (above). */
export async function bidderRevokedCached(
  services: { em: EntityManager; publisher: Publisher; clock: { now(): Date } },
  bidderId: string,
): Promise<boolean> {
  const cache = revocationCacheOf(services.publisher);
  const now = services.clock.now().getTime();
  const known = cache.listening ? cache.answers.get(bidderId) : undefined;
  if (known && (known.revoked || (now >= known.readAt && now - known.readAt < REVOCATION_TTL_MS)))
    return known.revoked;
  const generation = cache.generation;
  const listening = cache.listening;
  const revoked = await bidderRevoked(services.em, bidderId);
  if (listening && cache.generation === generation) cache.answers.set(bidderId, { revoked, readAt: now });
  return revoked;
}

/** After a CRL load committed: every instance reads each bidder's mark again. */
function noteCrlLoaded(publisher: Publisher): void {
  const cache = caches.get(publisher);
  if (cache) forgetAnswers(cache);
  publisher.publish(CRL_LOADED_TOPIC, CRL_LOADED_ID, null);
}

export interface CrlLoad {
  crl: string;
  caCertificatePem?: string | null;
}

/**
 * TRADING_CENTER loads a CA's CRL: its signature must verify with a CA of TRUSTED_CA_FILE or with
 * `caCertificatePem` (an intermediate CA, followed by its own intermediates, that chains to one). It replaces the
 * CA's earlier CRL (never with an older one) and marks registered bidders whose path it revokes.
 */
export async function loadCrl(
  ctx: Context,
  input: CrlLoad,
  anchors: X509[],
): Promise<CertificateRevocationList> {
  requireTradingCenter(ctx.viewer);
  const now = ctx.clock.now();
  const invalid = (message: string) => badInput(message, { field: 'crl' });
  let signer: X509;
  const crl = (() => {
    try {
      return readCrl(input.crl);
    } catch (error) {
      throw invalid((error as Error).message);
    }
  })();
  try {
    const cas = [...anchors];
    if (input.caCertificatePem) cas.push(verifyChain(input.caCertificatePem, anchors, now, 'ca').leaf);
    signer = crlSigner(crl, cas);
  } catch (error) {
    if (error instanceof ChainProblem) throw invalid(error.message);
    throw error;
  }
  if (crl.thisUpdate > now) throw invalid(`the CRL is issued in the future (${day(crl.thisUpdate)})`);
  const em = ctx.em.fork();
  const saved = await em.transactional(async (tx) => {
    let row = await tx.findOne(CertificateRevocationList, { issuerKey: crl.issuerKey });
    if (row && row.thisUpdate > crl.thisUpdate)
      throw invalid(
        `a newer CRL of "${crl.issuer}" is loaded (${day(row.thisUpdate)}); this one is from ${day(crl.thisUpdate)}`,
      );
    row ??= tx.create(CertificateRevocationList, {
      issuerKey: crl.issuerKey,
      issuer: signer.subject,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      revokedCount: 0,
      der: '',
      loadedAt: now,
      loadedBy: ctx.viewer.subject ?? 'unknown',
    });
    Object.assign(row, {
      issuer: signer.subject,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      revokedCount: crl.revoked.length,
      der: crl.der.toString('base64'),
      loadedAt: now,
      loadedBy: ctx.viewer.subject ?? 'unknown',
    });
    await tx.nativeDelete(RevokedCertificate, { issuerKey: crl.issuerKey });
    for (const r of crl.revoked)
      tx.create(RevokedCertificate, {
        issuerKey: crl.issuerKey,
        serialNumber: r.serialNumber,
        revokedAt: r.revokedAt,
      });
    await tx.flush();
    await markRevokedBidders(
      tx,
      crl.issuerKey,
      new Map(crl.revoked.map((r) => [r.serialNumber, r.revokedAt])),
    );
    return row;
  });
  noteCrlLoaded(ctx.publisher);
  ctx.log?.(
    `CRL of "${crl.issuer}" loaded by ${ctx.viewer.subject}: ${crl.revoked.length} revoked, next update ${crl.nextUpdate ? day(crl.nextUpdate) : 'none'}`,
  );
  return saved;
}

/** a stored path, or nothing for a certificate this code cannot read (registered before it, e.g. Ed25519) */
function readablePath(pem: string): X509[] {
  try {
    return readPemCertificates(pem);
  } catch {
    return [];
  }
}

/** Marks the bidders whose registered path holds a certificate that `issuerKey`'s CRL revokes. */
async function markRevokedBidders(em: EntityManager, issuerKey: string, revoked: Map<string, Date>) {
  if (!revoked.size) return;
  const PAGE = 500;
  // pages by id (marking a bidder takes it out of the filter, so offsets would skip some)
  for (let after = ''; ; ) {
    const bidders = await em.find(
      Bidder,
      { certificatePem: { $ne: null }, certificateRevokedAt: null, ...(after ? { id: { $gt: after } } : {}) },
      { orderBy: { id: 'asc' }, limit: PAGE },
    );
    for (const bidder of bidders) {
      const path = readablePath(bidder.certificateChainPem ?? bidder.certificatePem ?? '');
      const hit = path.find((c) => issuerKeyOf(c.issuerDer) === issuerKey && revoked.has(c.serialNumber));
      if (hit) bidder.certificateRevokedAt = revoked.get(hit.serialNumber)!;
    }
    await em.flush();
    if (bidders.length < PAGE) return;
    after = bidders[bidders.length - 1].id;
  }
}

/** Loaded CRLs, by issuer. */
export async function listCrls(ctx: Context): Promise<CertificateRevocationList[]> {
  requireTradingCenter(ctx.viewer);
  return ctx.em.find(CertificateRevocationList, {}, { orderBy: { issuer: 'asc' } });
}

/** CRLs past their next update at `now` (for /readyz and the periodic log line). */
export async function staleCrls(
  em: EntityManager,
  now: Date,
): Promise<{ issuer: string; nextUpdate: string }[]> {
  const rows = await em.fork().find(CertificateRevocationList, { nextUpdate: { $lte: now } });
  return rows.map((r) => ({ issuer: r.issuer, nextUpdate: r.nextUpdate!.toISOString() }));
}
