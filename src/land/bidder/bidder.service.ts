import { readFileSync } from 'node:fs';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { containsText } from '../../common/orm-types';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import type { Config } from '../../config';
import type { Context } from '../../common/request/context';
import { Bidder } from './bidder.entity';
import {
  BasicAccount,
  IntegrityProfile,
  type BasicAccountInput,
  type CertificateInfo,
  type IntegrityProfileInput,
  type RegisterBidderInput,
} from './bidder.types';
import { parseCaBundle, verifyCertificateChain } from './certificate';
import { ensureDemoCa } from './demo-ca';
import { normalizeAccountNumber, requiredText } from '../land.input';
import { loadExisting } from '../land.loaders';
import { canSeeBidder, requireBidder, requireTradingCenter } from '../land.policy';
import { certificateRefused, provePossession, ProofFailure } from './certificate-proof';
import type { ParsedCertificate } from './certificate';
import { revocationProblem } from './pki/revocation.service';
import type { X509 } from './pki/x509';

const caCache = new Map<string, X509[]>();

/** The CAs whose bidder certificates are trusted: TRUSTED_CA_FILE, else (demo mode) the demo CA, else none. */
export function trustedCas(config: Pick<Config, 'trustedCaFile' | 'demoMode'>): X509[] {
  const key = config.trustedCaFile ?? (config.demoMode ? 'demo' : 'none');
  let cas = caCache.get(key);
  if (!cas) {
    if (config.trustedCaFile) cas = parseCaBundle(readFileSync(config.trustedCaFile, 'utf8'));
    else if (config.demoMode) cas = parseCaBundle(ensureDemoCa().caPem);
    else cas = [];
    caCache.set(key, cas);
  }
  return cas;
}

/** A caller without a token registering itself: it must prove that it holds a trusted certificate. */
export const isSelfRegistration = (ctx: Context, input: RegisterBidderInput): boolean =>
  ctx.viewer.roles.length === 0 && !!input.proof;

/**
 * TRADING_CENTER registers a bidder; a certificate (a PEM bundle, the bidder's first, then its intermediate CAs)
 * must chain to a trusted CA, be valid now and not be revoked by a loaded CRL; the leaf is stored and shown, the
 * path kept for the audit trail. A caller
 * without a token may register itself with `proof` (a certificateChallenge nonce signed with the certificate's
 * key, used up here): the certificate is then required, and integrityProfileComplete stays false until the
 * trading centre says otherwise. A failed proof is the same UNAUTHENTICATED as a failed certificate sign-in.
 */
export async function registerBidder(ctx: Context, input: RegisterBidderInput): Promise<Bidder> {
  const selfRegistration = isSelfRegistration(ctx, input);
  if (!selfRegistration) requireTradingCenter(ctx.viewer);
  const registrationNumber = requiredText(input.registrationNumber, 'registrationNumber', 64).toUpperCase();
  if (!/^[0-9A-Z-]+$/.test(registrationNumber)) {
    throw badInput('registrationNumber may hold letters, digits and hyphens only', {
      field: 'registrationNumber',
    });
  }
  const name = requiredText(input.name, 'name', 200);
  const basicAccount = input.basicAccount ? checkBasicAccount(input.basicAccount, 'basicAccount') : null;
  let certificate: ParsedCertificate | null = null;
  if (selfRegistration) {
    if (!input.certificatePem)
      throw badInput('registering yourself needs your certificatePem', { field: 'certificatePem' });
    try {
      certificate = await provePossession(
        ctx,
        {
          certificatePem: input.certificatePem,
          nonce: input.proof!.nonce,
          signature: input.proof!.signature,
        },
        trustedCas(ctx.config),
      );
    } catch (error) {
      if (!(error instanceof ProofFailure)) throw error;
      ctx.log?.(`bidder self-registration refused from ${ctx.origin.ip}: ${error.message}`);
      throw certificateRefused();
    }
  } else if (input.certificatePem) {
    certificate = verifyCertificateChain(input.certificatePem, trustedCas(ctx.config), ctx.clock.now());
    const revoked = await revocationProblem(ctx, certificate.path);
    if (revoked) throw badInput(revoked, { field: 'certificatePem' });
  }
  const bidder = ctx.em.create(Bidder, {
    kind: input.kind,
    name,
    domestic: input.domestic,
    registrationNumber,
    integrityProfileComplete: selfRegistration ? false : (input.integrityProfileComplete ?? false),
    certificatePem: certificate?.pem ?? null,
    certificateChainPem: certificate?.chainPem ?? null,
    certificateFingerprint: certificate?.fingerprint ?? null,
    certificateSubject: certificate?.subject ?? null,
    certificateIssuer: certificate?.issuer ?? null,
    certificateSerialNumber: certificate?.serialNumber ?? null,
    certificateValidFrom: certificate?.validFrom ?? null,
    certificateValidTo: certificate?.validTo ?? null,
    basicAccountBank: basicAccount?.bankName ?? null,
    basicAccountName: basicAccount?.accountName ?? null,
    basicAccountNumber: basicAccount?.accountNumber ?? null,
    createdAt: ctx.clock.now(),
  });
  try {
    await ctx.em.persistAndFlush(bidder);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      ctx.em.clear();
      throw new DomainError(
        ErrorCode.CONFLICT,
        'a bidder with this registration number or certificate is already registered',
      );
    }
    throw error;
  }
  return bidder;
}

export function certificateOf(bidder: Bidder): CertificateInfo | null {
  if (!bidder.certificateFingerprint) return null;
  return {
    subject: bidder.certificateSubject ?? '',
    issuer: bidder.certificateIssuer ?? '',
    serialNumber: bidder.certificateSerialNumber ?? '',
    fingerprint: bidder.certificateFingerprint,
    validFrom: bidder.certificateValidFrom as Date,
    validTo: bidder.certificateValidTo as Date,
  };
}

export async function findBidder(ctx: Context, id: string): Promise<Bidder | null> {
  if (!isUuid(id) || !canSeeBidder(ctx.viewer, id)) return null;
  return ctx.em.findOne(Bidder, { id });
}

/** The bidder a verified viewer (token claims, or a sign-in's proof) acts as. */
export async function findOwnBidder(ctx: Context, id: string): Promise<Bidder | null> {
  if (!isUuid(id)) return null;
  return ctx.em.findOne(Bidder, { id });
}

/** Bidders by id, batched per operation (no access check: callers decide what to show). */
export const loadBidder = (ctx: Context, id: string): Promise<Bidder> => loadExisting(ctx, Bidder, id);

export async function listBidders(
  ctx: Context,
  args: PageArgs,
  nameContains?: string | null,
): Promise<Connection<Bidder>> {
  requireTradingCenter(ctx.viewer);
  const page = toPage(args);
  const where = nameContains ? containsText('name', nameContains) : {};
  const [items, total] = await ctx.em.findAndCount(Bidder, where, {
    orderBy: { name: 'asc', id: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return toConnection(items, total, page);
}

function checkBasicAccount(input: BasicAccountInput, field: string): BasicAccount {
  const accountNumber = normalizeAccountNumber(input.accountNumber ?? '');
  if (!/^[0-9A-Z]{6,40}$/.test(accountNumber))
    throw badInput('the account number must be 6 to 40 digits or letters', {
      field: `${field}.accountNumber`,
    });
  return Object.assign(new BasicAccount(), {
    bankName: requiredText(input.bankName, `${field}.bankName`, 200),
    accountName: requiredText(input.accountName, `${field}.accountName`, 200),
    accountNumber,
  });
}

/** 诚信库: the bidder itself completes its integrity record (all fields, its basic account included). */
export async function completeIntegrityProfile(ctx: Context, input: IntegrityProfileInput): Promise<Bidder> {
  const bidderId = requireBidder(ctx.viewer);
  const account = checkBasicAccount(input.basicAccount, 'basicAccount');
  const changes = {
    legalRepresentative: requiredText(input.legalRepresentative, 'legalRepresentative', 100),
    contactName: requiredText(input.contactName, 'contactName', 100),
    contactPhone: requiredText(input.contactPhone, 'contactPhone', 32),
    address: requiredText(input.address, 'address', 500),
    basicAccountBank: account.bankName,
    basicAccountName: account.accountName,
    basicAccountNumber: account.accountNumber,
    integrityProfileComplete: true,
    integrityProfileCompletedAt: ctx.clock.now(),
  };
  const updated = await ctx.em.nativeUpdate(Bidder, { id: bidderId }, changes);
  if (updated !== 1) throw new DomainError(ErrorCode.FORBIDDEN, 'the token names an unknown bidder');
  return ctx.em.findOneOrFail(Bidder, { id: bidderId }, { refresh: true });
}

export function basicAccountOf(bidder: Bidder): BasicAccount | null {
  if (!bidder.basicAccountNumber) return null;
  return Object.assign(new BasicAccount(), {
    bankName: bidder.basicAccountBank ?? '',
    accountName: bidder.basicAccountName ?? '',
    accountNumber: bidder.basicAccountNumber,
  });
}

export function integrityProfileOf(bidder: Bidder): IntegrityProfile {
  return Object.assign(new IntegrityProfile(), {
    legalRepresentative: bidder.legalRepresentative,
    contactName: bidder.contactName,
    contactPhone: bidder.contactPhone,
    address: bidder.address,
    basicAccount: basicAccountOf(bidder),
    complete: bidder.integrityProfileComplete,
    completedAt: bidder.integrityProfileCompletedAt,
  });
}
