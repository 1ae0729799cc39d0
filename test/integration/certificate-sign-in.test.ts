/**
 * Bidders sign in with their CA数字证书 (DOMAIN.md §1.3): a single-use challenge nonce, signed with the
 * certificate's key, for a JWT of that bidder; replays, expired nonces or certificates, self-signed and
 * foreign-CA certificates and wrong signatures all get the same UNAUTHENTICATED. A caller without a token may
 * register itself with the same proof.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, sign } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { createCa, issueCertificate, type IssuedCertificate } from '../../src/land/bidder/demo-ca';
import { testDatabases } from '../helpers/environment';
import { codes, startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';

const START = '2025-09-01T09:00:00+08:00';
const validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') };
const ca = createCa({ commonName: '测试 CA', ...validity });
const foreignCa = createCa({ commonName: 'Foreign CA', ...validity });
const GENERIC = /certificate sign-in failed/;

const CHALLENGE = `mutation { certificateChallenge { nonce expiresAt } }`;
const SIGN_IN = `mutation SignIn($input: CertificateSignInInput!) {
  signInWithCertificate(input: $input) { token expiresAt viewer { subject roles bidder { id name } } }
}`;
const REGISTER = `mutation Register($input: RegisterBidderInput!) {
  registerBidder(input: $input) { id name integrityProfileComplete certificate { fingerprint } }
}`;
const ME = `{ viewer { subject roles bidder { id } } }`;

/** What a client does: base64 of the SHA-256 signature of the nonce's UTF-8 bytes with its private key. */
const signNonce = (nonce: string, privateKeyPem: string) =>
  sign('sha256', Buffer.from(nonce, 'utf8'), privateKeyPem).toString('base64');

describe.each(testDatabases())('certificate sign-in on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let dir: string;
  let registered: IssuedCertificate;
  let bidderId: string;
  let center: string;

  const challenge = async (): Promise<string> => {
    const data = await server.data<{ certificateChallenge: { nonce: string; expiresAt: string } }>(CHALLENGE);
    return data.certificateChallenge.nonce;
  };
  const signIn = (cert: IssuedCertificate, nonce: string, signature = signNonce(nonce, cert.privateKeyPem)) =>
    server.request<{
      signInWithCertificate: {
        token: string;
        expiresAt: string;
        viewer: { subject: string; roles: string[]; bidder: { id: string; name: string } | null };
      };
    }>(SIGN_IN, { input: { certificatePem: cert.certificatePem, nonce, signature } });
  const expectRefused = (response: Awaited<ReturnType<typeof signIn>>) => {
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0].message).toMatch(GENERIC);
    expect(response.data ?? null).toBeNull();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certificatePem);
    clock = new ManualClock(START);
    server = await startTestServer({
      db,
      clock,
      seed: false,
      config: {
        trustedCaFile: join(dir, 'ca.pem'),
        rateLimits: {
          ...loadConfig({}).rateLimits,
          signIn: { perSubject: 1000, perIp: 10_000, windowSeconds: 60 },
        },
      },
    });
    center = server.token({ roles: [Role.TRADING_CENTER] });
    registered = issueCertificate(ca, { commonName: '证书公司', ...validity });
    const data = await server.data<{ registerBidder: { id: string } }>(
      REGISTER,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name: '证书公司',
          domestic: true,
          registrationNumber: `9163${randomBytes(7).toString('hex').toUpperCase()}`,
          certificatePem: registered.certificatePem,
        },
      },
      { token: center },
    );
    bidderId = data.registerBidder.id;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands out a random single-use nonce that expires two minutes later', async () => {
    const first = await server.data<{ certificateChallenge: { nonce: string; expiresAt: string } }>(
      CHALLENGE,
    );
    const second = await challenge();
    expect(first.certificateChallenge.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first.certificateChallenge.nonce);
    expect(Date.parse(first.certificateChallenge.expiresAt)).toBe(clock.now().getTime() + 120_000);
  });

  it('signs the registered bidder in: a JWT with sub bidder:<id>, roles [BIDDER] and bidderId that works', async () => {
    const nonce = await challenge();
    const response = await signIn(registered, nonce);
    expect(response.errors).toBeUndefined();
    const payload = response.data!.signInWithCertificate;
    expect(payload.viewer).toMatchObject({
      subject: `bidder:${bidderId}`,
      roles: ['BIDDER'],
      bidder: { id: bidderId, name: '证书公司' },
    });
    expect(Date.parse(payload.expiresAt)).toBe(clock.now().getTime() + 8 * 3600_000);
    const claims = jwt.verify(payload.token, TEST_JWT_SECRET, {
      algorithms: ['HS256'],
      ignoreExpiration: true,
    });
    expect(claims).toMatchObject({ sub: `bidder:${bidderId}`, roles: ['BIDDER'], bidderId });
    const me = await server.data(ME, {}, { token: payload.token });
    expect(me).toEqual({
      viewer: { subject: `bidder:${bidderId}`, roles: ['BIDDER'], bidder: { id: bidderId } },
    });
  });

  it('refuses a replayed nonce, even with a valid signature', async () => {
    const nonce = await challenge();
    expect((await signIn(registered, nonce)).errors).toBeUndefined();
    expectRefused(await signIn(registered, nonce));
  });

  it('lets exactly one of two concurrent sign-ins with the same nonce through', async () => {
    const nonce = await challenge();
    const results = await Promise.all([
      signIn(registered, nonce),
      signIn(registered, nonce),
      signIn(registered, nonce),
    ]);
    expect(results.filter((r) => r.data?.signInWithCertificate)).toHaveLength(1);
    expect(results.flatMap(codes)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('refuses an expired nonce (after two minutes) and an unknown one', async () => {
    const nonce = await challenge();
    clock.advance(120_000);
    expectRefused(await signIn(registered, nonce));
    expectRefused(await signIn(registered, randomBytes(32).toString('base64url')));
    expectRefused(await signIn(registered, 'not a nonce'));
  });

  it('refuses a wrong signature without using the nonce up', async () => {
    const nonce = await challenge();
    const other = issueCertificate(ca, { commonName: 'other', ...validity });
    expectRefused(await signIn(registered, nonce, signNonce(nonce, other.privateKeyPem)));
    expectRefused(await signIn(registered, nonce, signNonce('another nonce', registered.privateKeyPem)));
    expectRefused(await signIn(registered, nonce, 'not base64!'));
    expectRefused(await signIn(registered, nonce, ''));
    expect((await signIn(registered, nonce)).errors).toBeUndefined();
  });

  it('refuses self-signed, foreign-CA, expired, not-yet-valid and unregistered certificates alike', async () => {
    const cases: IssuedCertificate[] = [
      createCa({ commonName: 'self-signed', ...validity }),
      issueCertificate(foreignCa, { commonName: 'foreign', ...validity }),
      issueCertificate(ca, {
        commonName: 'expired',
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2025-01-01T00:00:00Z'),
      }),
      issueCertificate(ca, {
        commonName: 'later',
        notBefore: new Date('2030-01-01T00:00:00Z'),
        notAfter: validity.notAfter,
      }),
      issueCertificate(ca, { commonName: 'unregistered', ...validity }),
      { certificatePem: 'garbage', privateKeyPem: registered.privateKeyPem },
    ];
    const messages = new Set<string>();
    for (const cert of cases) {
      const response = await signIn(cert, await challenge());
      expectRefused(response);
      messages.add(response.errors![0].message);
    }
    expect(messages.size).toBe(1);
  });

  it('lets a certificate holder without a token register itself with a proof, then sign in', async () => {
    const own = issueCertificate(ca, { commonName: '自助公司', ...validity });
    const input = {
      kind: 'LEGAL_PERSON',
      name: '自助公司',
      domestic: true,
      registrationNumber: `9163${randomBytes(7).toString('hex').toUpperCase()}`,
      certificatePem: own.certificatePem,
      integrityProfileComplete: true,
    };
    // without a proof, or with a bad one, an anonymous caller registers nothing
    expect(codes(await server.request(REGISTER, { input }))).toEqual(['UNAUTHENTICATED']);
    const nonce = await challenge();
    const bad = await server.request(REGISTER, {
      input: { ...input, proof: { nonce, signature: signNonce(nonce, registered.privateKeyPem) } },
    });
    expect(codes(bad)).toEqual(['UNAUTHENTICATED']);
    expect(bad.errors?.[0].message).toMatch(GENERIC);
    const foreign = issueCertificate(foreignCa, { commonName: 'foreign', ...validity });
    const foreignNonce = await challenge();
    expect(
      codes(
        await server.request(REGISTER, {
          input: {
            ...input,
            certificatePem: foreign.certificatePem,
            proof: { nonce: foreignNonce, signature: signNonce(foreignNonce, foreign.privateKeyPem) },
          },
        }),
      ),
    ).toEqual(['UNAUTHENTICATED']);
    // a signed-in non-trading-centre caller may not register bidders, proof or not
    const other = server.token({ roles: [Role.BIDDER], bidderId, sub: `bidder:${bidderId}` });
    const asBidder = await server.request(
      REGISTER,
      { input: { ...input, proof: { nonce, signature: signNonce(nonce, own.privateKeyPem) } } },
      { token: other },
    );
    expect(codes(asBidder)).toEqual(['FORBIDDEN']);

    const created = await server.request<{
      registerBidder: { id: string; integrityProfileComplete: boolean };
    }>(REGISTER, { input: { ...input, proof: { nonce, signature: signNonce(nonce, own.privateKeyPem) } } });
    expect(created.errors).toBeUndefined();
    expect(created.data!.registerBidder.integrityProfileComplete).toBe(false);
    // the proof's nonce is used up
    expect(
      codes(
        await server.request(REGISTER, {
          input: {
            ...input,
            registrationNumber: 'X1',
            proof: { nonce, signature: signNonce(nonce, own.privateKeyPem) },
          },
        }),
      ),
    ).toEqual(['UNAUTHENTICATED']);
    const response = await signIn(own, await challenge());
    expect(response.data!.signInWithCertificate.viewer.bidder?.id).toBe(created.data!.registerBidder.id);
  });
});

describe('certificate sign-in rate limits', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certificatePem);
    server = await startTestServer({
      db: 'sqlite',
      clock: new ManualClock(START),
      seed: false,
      config: {
        trustedCaFile: join(dir, 'ca.pem'),
        rateLimits: { ...loadConfig({}).rateLimits, signIn: { perSubject: 2, perIp: 4, windowSeconds: 60 } },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts challenges per IP and sign-ins per certificate and per IP, in the signIn bucket', async () => {
    const cert = issueCertificate(ca, { commonName: 'x', ...validity });
    const input = (nonce: string) => ({
      input: { certificatePem: cert.certificatePem, nonce, signature: signNonce(nonce, cert.privateKeyPem) },
    });
    const nonce = (await server.data<{ certificateChallenge: { nonce: string } }>(CHALLENGE))
      .certificateChallenge.nonce;
    expect(codes(await server.request(SIGN_IN, input(nonce)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await server.request(SIGN_IN, input(nonce)))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await server.request(SIGN_IN, input(nonce)))).toEqual(['RATE_LIMITED']); // 3rd for this certificate
    expect(codes(await server.request(CHALLENGE))).toEqual(['RATE_LIMITED']); // 5th from this IP
  });
});
