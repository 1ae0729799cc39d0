/**
 * Bidder certificates as Chinese CAs issue them (issue 23): SM2 keys under an SM2 intermediate under an SM2 root,
 * RSA and mixed chains, sign-in signatures as DER, raw r‖s or CMS; chains refused with a precise BAD_USER_INPUT at
 * registration and the one UNAUTHENTICATED at sign-in (the reason in the log); CRLs loaded by the trading centre,
 * checked against their CA, refusing revoked certificates and the sessions of bidders revoked after signing in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, sign } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createHash } from 'node:crypto';
import { ManualClock } from '../../src/common/clock';
import { trustedCas } from '../../src/land/bidder/bidder.service';
import { verifyRegisteredBidderSignature } from '../../src/land/bidder/pki/bidder-signature';
import { Role } from '../../src/common/viewer';
import { loadConfig } from '../../src/config';
import { Bidder } from '../../src/land/bidder/bidder.entity';
import {
  createCa,
  issueCertificate,
  issueCrl,
  signCms,
  type CertificateOptions,
  type IssuedCertificate,
} from '../../src/land/bidder/pki/issue';
import { CertificateRevocationList } from '../../src/land/bidder/pki/revocation.entity';
import { sm2SignatureFromDer, sm2SignatureToRaw } from '../../src/land/bidder/pki/sm2';
import { signData } from '../../src/land/bidder/pki/issue';
import { readPemCertificates } from '../../src/land/bidder/pki/x509';
import { testDatabases } from '../helpers/environment';
import { codes, startTestServer, type TestServer } from '../helpers/server';

const START = '2025-09-01T09:00:00+08:00';
const DAY = 24 * 3600_000;
const validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') };
const sm2 = (o: CertificateOptions): CertificateOptions => ({ ...validity, algorithm: 'SM2', ...o });
const rsa = (o: CertificateOptions): CertificateOptions => ({ ...validity, algorithm: 'RSA', ...o });

// the CAs a trading centre trusts: an SM2 root and an RSA root (TRUSTED_CA_FILE); intermediates come in bundles
const smRoot = createCa(sm2({ commonName: '青海演示根CA' }));
const smCa = issueCertificate(smRoot, sm2({ commonName: '青海演示运营CA', ca: true, pathLen: 0 }));
const rsaRoot = createCa(rsa({ commonName: 'Demo RSA Root' }));
const rsaCa = issueCertificate(rsaRoot, rsa({ commonName: 'Demo RSA Issuing CA', ca: true }));
const foreignRoot = createCa(sm2({ commonName: 'Foreign Root' }));
const foreignCa = issueCertificate(foreignRoot, sm2({ commonName: 'Foreign CA', ca: true }));

const bundle = (...certs: IssuedCertificate[]) => certs.map((c) => c.certificatePem).join('');
const serialOf = (c: IssuedCertificate) => readPemCertificates(c.certificatePem)[0].serialNumber;
const fingerprintOf = (c: IssuedCertificate) => readPemCertificates(c.certificatePem)[0].fingerprint;

const CHALLENGE = `mutation { certificateChallenge { nonce } }`;
const SIGN_IN = `mutation SignIn($input: CertificateSignInInput!) {
  signInWithCertificate(input: $input) { token viewer { bidder { id name certificate { subject issuer } } } }
}`;
const REGISTER = `mutation Register($input: RegisterBidderInput!) {
  registerBidder(input: $input) { id certificate { subject issuer serialNumber fingerprint } }
}`;
const LOAD_CRL = `mutation Load($input: LoadCertificateRevocationListInput!) {
  loadCertificateRevocationList(input: $input) { issuer thisUpdate nextUpdate stale revokedCount }
}`;
const CRLS = `{ certificateRevocationLists { issuer nextUpdate stale revokedCount } }`;
const ME = `{ viewer { subject bidder { id } } }`;

type Encoding = 'DER' | 'RAW' | 'CMS';
const signNonce = (holder: IssuedCertificate, nonce: string, encoding: Encoding): string => {
  const data = Buffer.from(nonce, 'utf8');
  if (encoding === 'CMS') return signCms(holder, data).toString('base64');
  const der = signData(holder.privateKeyPem, data).signature;
  return (encoding === 'RAW' ? sm2SignatureToRaw(sm2SignatureFromDer(der)) : der).toString('base64');
};

describe.each(testDatabases())('bidder certificate chains, SM2 and CRLs on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;
  let dir: string;
  const center = () => server.token({ roles: [Role.TRADING_CENTER] });
  const log: string[] = [];

  const register = (certificatePem: string, name = `竞买人${randomBytes(3).toString('hex')}`) =>
    server.request<{ registerBidder: { id: string; certificate: { subject: string; issuer: string } } }>(
      REGISTER,
      {
        input: {
          kind: 'LEGAL_PERSON',
          name,
          domestic: true,
          registrationNumber: `9163${randomBytes(7).toString('hex').toUpperCase()}`,
          certificatePem,
        },
      },
      { token: center() },
    );
  const signIn = async (certificatePem: string, holder: IssuedCertificate, encoding: Encoding = 'DER') => {
    const { certificateChallenge } = await server.data<{ certificateChallenge: { nonce: string } }>(
      CHALLENGE,
    );
    return server.request<{
      signInWithCertificate: {
        token: string;
        viewer: { bidder: { id: string; name: string; certificate: { subject: string } } };
      };
    }>(SIGN_IN, {
      input: {
        certificatePem,
        nonce: certificateChallenge.nonce,
        signature: signNonce(holder, certificateChallenge.nonce, encoding),
      },
    });
  };
  const viewerOverWs = (token: string) =>
    new Promise<unknown>((resolve, reject) => {
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
        on: { closed: (e) => resolve({ closed: (e as { code: number }).code }) },
      });
      client.subscribe(
        { query: '{ viewer { bidder { id } } }' },
        {
          next: (v) => {
            resolve(v);
            void client.dispose();
          },
          error: (e) =>
            e && typeof e === 'object' && 'code' in e
              ? resolve({ closed: (e as { code: number }).code })
              : reject(e),
          complete: () => undefined,
        },
      );
    });
  const bidderCount = () => server.app.orm.em.fork().count(Bidder, {});
  const loadCrl = (crl: string, caCertificatePem?: string) =>
    server.request<{ loadCertificateRevocationList: { issuer: string; revokedCount: number } }>(
      LOAD_CRL,
      { input: { crl, caCertificatePem } },
      { token: center() },
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    writeFileSync(join(dir, 'ca.pem'), bundle(smRoot, rsaRoot));
    clock = new ManualClock(START);
    server = await startTestServer({
      db,
      clock,
      seed: false,
      log: (m) => log.push(m),
      config: {
        trustedCaFile: join(dir, 'ca.pem'),
        rateLimits: {
          ...loadConfig({}).rateLimits,
          signIn: { perSubject: 1000, perIp: 10_000, windowSeconds: 60 },
        },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each<[string, () => IssuedCertificate[], Encoding[]]>([
    [
      'an SM2 leaf under an SM2 intermediate under an SM2 root',
      () => [issueCertificate(smCa, sm2({ commonName: '西宁演示置业有限公司' })), smCa],
      ['DER', 'RAW', 'CMS'],
    ],
    [
      'an RSA leaf under an RSA intermediate under an RSA root',
      () => [issueCertificate(rsaCa, rsa({ commonName: 'RSA 演示公司' })), rsaCa],
      ['DER', 'CMS'],
    ],
    [
      'a mixed chain: an SM2 leaf under an RSA intermediate',
      () => [issueCertificate(rsaCa, sm2({ commonName: '混合链演示公司' })), rsaCa],
      ['DER', 'RAW', 'CMS'],
    ],
  ])('registers %s (the leaf shown) and signs it in with each encoding', async (_name, make, encodings) => {
    const [leaf, ...intermediates] = make();
    const pem = bundle(leaf, ...intermediates);
    const registered = await register(pem);
    expect(registered.errors).toBeUndefined();
    const { id, certificate } = registered.data!.registerBidder;
    expect(certificate.subject).toBe(readPemCertificates(leaf.certificatePem)[0].subject);
    const stored = await server.app.orm.em.fork().findOneOrFail(Bidder, { id });
    expect(stored.certificatePem).toBe(readPemCertificates(leaf.certificatePem)[0].pem);
    expect(readPemCertificates(stored.certificateChainPem!)).toHaveLength(3);
    for (const encoding of encodings) {
      const response = await signIn(pem, leaf, encoding);
      expect(response.errors).toBeUndefined();
      expect(response.data!.signInWithCertificate.viewer.bidder.id).toBe(id);
      const me = await server.data<{ viewer: { bidder: { id: string } } }>(ME, undefined, {
        token: response.data!.signInWithCertificate.token,
      });
      expect(me.viewer.bidder.id).toBe(id);
    }
  });

  it('refuses a signature made with the empty SM2 ID (node:crypto’s default), once the bidder is registered', async () => {
    const leaf = issueCertificate(smCa, sm2({ commonName: '空ID演示公司' }));
    const pem = bundle(leaf, smCa);
    expect((await register(pem)).errors).toBeUndefined();
    const { certificateChallenge } = await server.data<{ certificateChallenge: { nonce: string } }>(
      CHALLENGE,
    );
    const emptyId = sign('sm3', Buffer.from(certificateChallenge.nonce, 'utf8'), leaf.privateKeyPem);
    const response = await server.request(SIGN_IN, {
      input: {
        certificatePem: pem,
        nonce: certificateChallenge.nonce,
        signature: emptyId.toString('base64'),
      },
    });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(log.at(-1)).toMatch(/certificate sign-in refused .*the SM2 signature does not verify/);
  });

  describe('broken chains', () => {
    const expiredCa = issueCertificate(
      smRoot,
      sm2({ commonName: 'Expired CA', ca: true, notAfter: new Date(Date.parse(START) - DAY) }),
    );
    const notCa = issueCertificate(
      smRoot,
      sm2({ commonName: 'Not a CA', omitBasicConstraints: true, keyUsage: ['keyCertSign'] }),
    );
    const subCa = issueCertificate(smCa, sm2({ commonName: 'Sub CA', ca: true }));
    const cases: [string, () => [string, IssuedCertificate], RegExp][] = [
      [
        'an expired intermediate',
        () => {
          const leaf = issueCertificate(expiredCa, sm2({ commonName: 'x' }));
          return [bundle(leaf, expiredCa), leaf];
        },
        /intermediate CA certificate "C=CN, CN=Expired CA" expired on/,
      ],
      [
        'an intermediate without CA:true',
        () => {
          const leaf = issueCertificate(notCa, sm2({ commonName: 'x' }));
          return [bundle(leaf, notCa), leaf];
        },
        /"C=CN, CN=Not a CA" is not a CA certificate \(basicConstraints CA:true is missing\)/,
      ],
      [
        'a path longer than pathLen allows',
        () => {
          const leaf = issueCertificate(subCa, sm2({ commonName: 'x' }));
          return [bundle(leaf, subCa, smCa), leaf];
        },
        /the chain is too long for "C=CN, CN=青海演示运营CA": its pathLen 0/,
      ],
      [
        'an encryption-only certificate',
        () => {
          const leaf = issueCertificate(
            smCa,
            sm2({ commonName: 'x', keyUsage: ['keyEncipherment', 'dataEncipherment'] }),
          );
          return [bundle(leaf, smCa), leaf];
        },
        /encryption certificate \(加密证书.*use the bidder's signing certificate \(签名证书\)/,
      ],
      [
        'a chain to an untrusted root',
        () => {
          const leaf = issueCertificate(foreignCa, sm2({ commonName: 'x' }));
          return [bundle(leaf, foreignCa, foreignRoot), leaf];
        },
        /issuer "C=CN, O=Demo CA, CN=Foreign Root" is neither a CA this server trusts nor in the bundle/,
      ],
      [
        'a leaf without its intermediate',
        () => {
          const leaf = issueCertificate(smCa, sm2({ commonName: 'x' }));
          return [bundle(leaf), leaf];
        },
        /its issuer "C=CN, CN=青海演示运营CA" is neither a CA this server trusts nor in the bundle/,
      ],
      [
        'a CA certificate as a bidder’s',
        () => [bundle(smCa), smCa],
        /is a CA certificate and cannot identify a bidder/,
      ],
    ];

    it.each(cases)(
      'refuses %s: BAD_USER_INPUT at registration, UNAUTHENTICATED at sign-in, nothing stored',
      async (_n, make, reason) => {
        const [pem, holder] = make();
        const before = await bidderCount();
        const registered = await register(pem);
        expect(codes(registered)).toEqual(['BAD_USER_INPUT']);
        expect(registered.errors![0].message).toMatch(reason);
        const signedIn = await signIn(pem, holder);
        expect(codes(signedIn)).toEqual(['UNAUTHENTICATED']);
        expect(signedIn.errors![0].message).toMatch(/^certificate sign-in failed/);
        expect(signedIn.errors![0].message).not.toMatch(reason);
        expect(log.at(-1)).toMatch(reason);
        expect(await bidderCount()).toBe(before);
      },
    );
  });

  describe('revocation', () => {
    it('checks a CRL’s signature against its CA, and stores nothing when it does not verify', async () => {
      const impostor = createCa(sm2({ commonName: '青海演示运营CA' })); // same name as smCa, another key
      const forged = issueCrl(
        { certificatePem: smCa.certificatePem, privateKeyPem: impostor.privateKeyPem },
        { thisUpdate: clock.now() },
      );
      const response = await loadCrl(forged, smCa.certificatePem);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(/the CRL's signature does not verify with the key of/);
      expect(await server.app.orm.em.fork().count(CertificateRevocationList, {})).toBe(0);
      const untrusted = await loadCrl(
        issueCrl(foreignCa, { thisUpdate: clock.now() }),
        foreignCa.certificatePem,
      );
      expect(codes(untrusted)).toEqual(['BAD_USER_INPUT']);
      expect(untrusted.errors![0].message).toMatch(/neither a CA this server trusts/);
      const anonymous = await server.request(LOAD_CRL, { input: { crl: forged } });
      expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a revoked certificate at registration and sign-in; a bidder revoked after signing in loses its session', async () => {
      const revokedFirst = issueCertificate(smCa, sm2({ commonName: '先吊销公司' }));
      const later = issueCertificate(smCa, sm2({ commonName: '后吊销公司' }));
      const laterPem = bundle(later, smCa);
      expect((await register(laterPem)).errors).toBeUndefined();
      const signedIn = await signIn(laterPem, later, 'CMS');
      const token = signedIn.data!.signInWithCertificate.token;
      expect((await server.request(ME, undefined, { token })).errors).toBeUndefined();
      expect(await viewerOverWs(token)).toEqual({ data: { viewer: { bidder: { id: expect.any(String) } } } });
      // a document signed over its SHA-256 with the registered certificate's key (the documents' entry point)
      const digest = createHash('sha256').update('投标文件 PDF bytes').digest();
      const documentSignature = signCms(later, digest);
      const signDocument = async () =>
        verifyRegisteredBidderSignature(
          { em: server.app.orm.em.fork(), clock, config: server.app.config },
          await server.app.orm.em
            .fork()
            .findOneOrFail(Bidder, { id: signedIn.data!.signInWithCertificate.viewer.bidder.id }),
          trustedCas(server.app.config),
          { data: digest, signature: documentSignature },
        );
      expect(await signDocument()).toEqual({ valid: true, encoding: 'CMS' });

      const loaded = await loadCrl(
        issueCrl(smCa, {
          thisUpdate: clock.now(),
          nextUpdate: new Date(clock.now().getTime() + 7 * DAY),
          revoked: [{ serialNumber: serialOf(revokedFirst) }],
        }),
        smCa.certificatePem,
      );
      expect(loaded.data!.loadCertificateRevocationList).toMatchObject({
        issuer: 'C=CN, CN=青海演示运营CA',
        revokedCount: 1,
      });
      const before = await bidderCount();
      const refused = await register(bundle(revokedFirst, smCa));
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0].message).toMatch(/was revoked on .* by the CRL of "C=CN, CN=青海演示运营CA"/);
      expect(await bidderCount()).toBe(before);
      expect(codes(await signIn(bundle(revokedFirst, smCa), revokedFirst))).toEqual(['UNAUTHENTICATED']);
      expect(log.at(-1)).toMatch(/was revoked on/);

      // the next CRL of the CA, a minute later, revokes the bidder that is signed in
      clock.advance(60_000);
      await loadCrl(
        issueCrl(smCa, {
          thisUpdate: clock.now(),
          nextUpdate: new Date(clock.now().getTime() + 7 * DAY),
          revoked: [{ serialNumber: serialOf(revokedFirst) }, { serialNumber: serialOf(later) }],
        }),
        smCa.certificatePem,
      );
      const next = await server.request(ME, undefined, { token });
      expect(codes(next)).toEqual(['UNAUTHENTICATED']);
      expect(next.status).toBe(401);
      expect(await viewerOverWs(token)).toEqual({ closed: 4403 });
      expect(await signDocument()).toEqual({ valid: false, reason: expect.stringContaining('revoked') });
      expect(log.some((m) => m.includes('has been revoked'))).toBe(true);
      expect(codes(await signIn(laterPem, later))).toEqual(['UNAUTHENTICATED']);
      expect(fingerprintOf(later)).toMatch(/^[0-9a-f]{64}$/);
      // an older CRL cannot replace a newer one
      const older = await loadCrl(
        issueCrl(smCa, { thisUpdate: new Date(clock.now().getTime() - 2 * DAY) }),
        smCa.certificatePem,
      );
      expect(older.errors![0].message).toMatch(/a newer CRL of/);
    });

    it('revokes an intermediate through its root’s CRL, and lists CRLs with their next update', async () => {
      const otherCa = issueCertificate(smRoot, sm2({ commonName: '第二运营CA', ca: true }));
      const leaf = issueCertificate(otherCa, sm2({ commonName: '中间吊销公司' }));
      const pem = bundle(leaf, otherCa);
      expect((await register(pem)).errors).toBeUndefined();
      await loadCrl(
        issueCrl(smRoot, { thisUpdate: clock.now(), revoked: [{ serialNumber: serialOf(otherCa) }] }),
      );
      expect(codes(await signIn(pem, leaf))).toEqual(['UNAUTHENTICATED']);
      expect(log.at(-1)).toMatch(/"C=CN, CN=第二运营CA" .* was revoked/);
      const list = await server.data<{
        certificateRevocationLists: { issuer: string; nextUpdate: string; stale: boolean }[];
      }>(CRLS, undefined, { token: center() });
      expect(list.certificateRevocationLists.map((c) => [c.issuer, c.stale])).toEqual([
        ['C=CN, CN=青海演示运营CA', false],
        ['C=CN, O=Demo CA, CN=青海演示根CA', false],
      ]);
    });

    it('reports a CRL past its next update in /readyz and the log; warn accepts, refuse refuses', async () => {
      const leaf = issueCertificate(smCa, sm2({ commonName: '过期列表公司' }));
      const pem = bundle(leaf, smCa);
      expect((await register(pem)).errors).toBeUndefined();
      clock.advance(30 * DAY);
      const ready = await fetch(server.url.replace('/graphql', '/readyz'));
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { certificateRevocationLists: { stale: { issuer: string }[] } };
      expect(body.certificateRevocationLists.stale.map((s) => s.issuer)).toContain('C=CN, CN=青海演示运营CA');
      expect((await signIn(pem, leaf)).errors).toBeUndefined();
      expect(log.some((m) => /warning: the CRL of .*青海演示运营CA.* is past its next update/.test(m))).toBe(
        true,
      );
      server.app.config.staleCrlPolicy = 'refuse';
      try {
        expect(codes(await signIn(pem, leaf))).toEqual(['UNAUTHENTICATED']);
        expect(log.at(-1)).toMatch(/is past its next update/);
      } finally {
        server.app.config.staleCrlPolicy = 'warn';
      }
    });
  });
});
