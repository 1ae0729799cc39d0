import { execFileSync } from 'node:child_process';
import { sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainProblem, verifyChain } from '../../../src/land/bidder/pki/chain';
import {
  createCa,
  issueCertificate,
  signCms,
  signData,
  type IssuedCertificate,
} from '../../../src/land/bidder/pki/issue';
import { verifyBidderSignature } from '../../../src/land/bidder/pki/signature';
import {
  generateSm2KeyPair,
  sm2PublicKey,
  sm2Sign,
  sm2SignatureFromDer,
  sm2SignatureToDer,
  sm2SignatureToRaw,
  sm2Verify,
} from '../../../src/land/bidder/pki/sm2';
import { readPemCertificates } from '../../../src/land/bidder/pki/x509';

const day = 24 * 3600_000;
const now = new Date();
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();
const withOpenssl = hasOpenssl ? it : it.skip;

const smRoot = createCa({ commonName: '演示根CA', algorithm: 'SM2' });
const smIntermediate = issueCertificate(smRoot, {
  commonName: '演示运营CA',
  algorithm: 'SM2',
  ca: true,
  pathLen: 0,
});
const smLeaf = issueCertificate(smIntermediate, {
  commonName: '演示置业有限公司',
  organization: '演示',
  algorithm: 'SM2',
});
const rsaRoot = createCa({ commonName: 'RSA Root' });
const rsaIntermediate = issueCertificate(rsaRoot, { commonName: 'RSA Issuing CA', ca: true });
const rsaLeaf = issueCertificate(rsaIntermediate, { commonName: 'RSA bidder' });
const anchors = readPemCertificates(smRoot.certificatePem + rsaRoot.certificatePem);
const bundle = (...certs: IssuedCertificate[]) => certs.map((c) => c.certificatePem).join('');
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChainProblem);
    return (error as Error).message;
  }
  throw new Error('no ChainProblem');
};

describe('SM2 with SM3 (GM/T 0003, distinguishing ID 1234567812345678)', () => {
  const keys = generateSm2KeyPair();
  const point = sm2PublicKey(keys.publicKey);
  const message = Buffer.from('nonce-to-sign', 'utf8');

  it('verifies its own signatures and refuses another message or key', () => {
    const signature = sm2Sign(keys.privateKey, message);
    expect(sm2Verify(point, message, signature)).toBe(true);
    expect(sm2Verify(point, Buffer.from('other'), signature)).toBe(false);
    expect(sm2Verify(sm2PublicKey(generateSm2KeyPair().publicKey), message, signature)).toBe(false);
    expect(sm2SignatureFromDer(sm2SignatureToDer(signature))).toEqual(signature);
  });

  it('refuses a signature made with the empty ID (what node:crypto makes), which the empty ID would accept', () => {
    const emptyId = sign('sm3', message, keys.privateKeyPem);
    expect(sm2Verify(point, message, sm2SignatureFromDer(emptyId), '')).toBe(true);
    expect(sm2Verify(point, message, sm2SignatureFromDer(emptyId))).toBe(false);
    expect(
      verifyBidderSignature({ certificatePem: smLeaf.certificatePem, data: message, signature: emptyId }),
    ).toEqual({ valid: false, reason: expect.stringContaining('does not verify') });
  });

  withOpenssl('agrees with openssl dgst -sm3 -sigopt distid:1234567812345678, both ways', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm2-'));
    try {
      const key = join(dir, 'key.pem');
      const pub = join(dir, 'pub.pem');
      const data = join(dir, 'nonce');
      writeFileSync(key, keys.privateKeyPem);
      writeFileSync(data, message);
      execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', pub]);
      const theirs = execFileSync('openssl', [
        ...['dgst', '-sm3', '-sign', key, '-sigopt', 'distid:1234567812345678', data],
      ]);
      expect(sm2Verify(point, message, sm2SignatureFromDer(theirs))).toBe(true);
      writeFileSync(join(dir, 'ours.der'), sm2SignatureToDer(sm2Sign(keys.privateKey, message)));
      const verified = execFileSync('openssl', [
        ...['dgst', '-sm3', '-verify', pub, '-sigopt', 'distid:1234567812345678'],
        ...['-signature', join(dir, 'ours.der'), data],
      ]).toString();
      expect(verified).toContain('Verified OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  withOpenssl(
    'signs certificates SM3withSM2 with the standard ID (openssl dgst checks the TBS signature)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'sm2-cert-'));
      try {
        const [leaf] = readPemCertificates(smLeaf.certificatePem);
        writeFileSync(join(dir, 'tbs'), Buffer.from(leaf.asn.tbsCertificateRaw!));
        writeFileSync(join(dir, 'sig'), Buffer.from(leaf.asn.signatureValue));
        writeFileSync(join(dir, 'ca.key'), smIntermediate.privateKeyPem);
        execFileSync('openssl', ['pkey', '-in', join(dir, 'ca.key'), '-pubout', '-out', join(dir, 'ca.pub')]);
        const out = execFileSync('openssl', [
          ...['dgst', '-sm3', '-verify', join(dir, 'ca.pub'), '-sigopt', 'distid:1234567812345678'],
          ...['-signature', join(dir, 'sig'), join(dir, 'tbs')],
        ]).toString();
        expect(out).toContain('Verified OK');
        expect(readFileSync(join(dir, 'tbs')).length).toBeGreaterThan(100);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('verifyBidderSignature: DER, raw r‖s and CMS', () => {
  const nonce = Buffer.from('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde', 'utf8');
  const sm2Der = signData(smLeaf.privateKeyPem, nonce).signature;
  const check = (issued: IssuedCertificate, signature: string | Uint8Array, data: Uint8Array = nonce) =>
    verifyBidderSignature({ certificatePem: issued.certificatePem, data, signature });

  it.each([
    ['SM2 DER', () => sm2Der.toString('base64'), 'DER'],
    ['SM2 raw r‖s', () => sm2SignatureToRaw(sm2SignatureFromDer(sm2Der)).toString('base64'), 'RAW'],
    ['SM2 CMS detached with signed attributes', () => signCms(smLeaf, nonce).toString('base64'), 'CMS'],
    [
      'SM2 CMS without signed attributes, no certificate',
      () => signCms(smLeaf, nonce, { signedAttributes: false, includeCertificate: false }).toString('base64'),
      'CMS',
    ],
    [
      'SM2 CMS with GM/T 0010 content types, attached',
      () => signCms(smLeaf, nonce, { gmContentTypes: true, attached: true }).toString('base64'),
      'CMS',
    ],
  ])('accepts %s', (_name, signature, encoding) => {
    expect(check(smLeaf, signature())).toEqual({ valid: true, encoding });
  });

  it('accepts RSA and ECDSA signatures over SHA-256 (DER, raw for P-256, CMS)', () => {
    expect(check(rsaLeaf, sign('sha256', nonce, rsaLeaf.privateKeyPem).toString('base64')).valid).toBe(true);
    expect(check(rsaLeaf, signCms(rsaLeaf, nonce)).valid).toBe(true);
    const ec = issueCertificate(rsaIntermediate, { commonName: 'EC bidder', algorithm: 'ECDSA' });
    expect(check(ec, sign('sha256', nonce, ec.privateKeyPem))).toEqual({ valid: true, encoding: 'DER' });
    const raw = sign('sha256', nonce, { key: ec.privateKeyPem, dsaEncoding: 'ieee-p1363' });
    expect(check(ec, raw)).toEqual({ valid: true, encoding: 'RAW' });
  });

  it('refuses other data, another key, a CMS by another signer, and garbage', () => {
    expect(check(smLeaf, sm2Der, Buffer.from('other')).valid).toBe(false);
    const other = issueCertificate(smIntermediate, { commonName: 'other', algorithm: 'SM2' });
    expect(check(other, sm2Der).valid).toBe(false);
    expect(check(smLeaf, signCms(other, nonce))).toEqual({
      valid: false,
      reason: 'no signer of the CMS SignedData is the registered certificate',
    });
    expect(check(smLeaf, signCms(smLeaf, Buffer.from('other'))).valid).toBe(false);
    expect(check(smLeaf, 'not base64!').valid).toBe(false);
    expect(check(smLeaf, Buffer.alloc(64)).valid).toBe(false);
    expect(check(rsaLeaf, sm2Der).valid).toBe(false);
  });
});

describe('certificate chains', () => {
  it('builds SM2 leaf → SM2 intermediate → SM2 root, and reads the leaf', () => {
    const { leaf, path } = verifyChain(bundle(smLeaf, smIntermediate), anchors, now);
    expect(path.map((c) => c.subject)).toEqual([
      'C=CN, O=演示, CN=演示置业有限公司',
      'C=CN, CN=演示运营CA',
      'C=CN, O=Demo CA, CN=演示根CA',
    ]);
    expect(leaf.publicKey.algorithm).toBe('SM2');
    expect(leaf.serialNumber).toBe(new X509Certificate(smLeaf.certificatePem).serialNumber.toUpperCase());
  });

  it('builds RSA and mixed chains (SM2 leaf under an RSA intermediate, RSA leaf under an SM2 intermediate)', () => {
    expect(verifyChain(bundle(rsaLeaf, rsaIntermediate), anchors, now).path).toHaveLength(3);
    const smUnderRsa = issueCertificate(rsaIntermediate, { commonName: 'SM2 bidder', algorithm: 'SM2' });
    expect(verifyChain(bundle(smUnderRsa, rsaIntermediate), anchors, now).path).toHaveLength(3);
    const rsaUnderSm = issueCertificate(smIntermediate, { commonName: 'RSA bidder' });
    expect(verifyChain(bundle(rsaUnderSm, smIntermediate), anchors, now).leaf.subject).toContain(
      'RSA bidder',
    );
  });

  it('reads Chinese subjects written as BMPString like UTF8String', () => {
    const bmp = issueCertificate(smIntermediate, {
      commonName: '青海省演示有限公司',
      algorithm: 'SM2',
      nameEncoding: 'bmp',
    });
    expect(verifyChain(bundle(bmp, smIntermediate), anchors, now).leaf.subject).toBe(
      'C=CN, CN=青海省演示有限公司',
    );
  });

  it('refuses each broken chain with a message that says what is wrong', () => {
    const expired = issueCertificate(smRoot, {
      commonName: 'Expired CA',
      algorithm: 'SM2',
      ca: true,
      notBefore: new Date(now.getTime() - 10 * day),
      notAfter: new Date(now.getTime() - day),
    });
    const underExpired = issueCertificate(expired, { commonName: 'x', algorithm: 'SM2' });
    expect(problem(() => verifyChain(bundle(underExpired, expired), anchors, now))).toMatch(
      /intermediate CA certificate "C=CN, CN=Expired CA" expired on/,
    );
    const notCa = issueCertificate(smRoot, {
      commonName: 'Not a CA',
      algorithm: 'SM2',
      omitBasicConstraints: true,
      keyUsage: ['keyCertSign'],
    });
    const underNotCa = issueCertificate(notCa, { commonName: 'x', algorithm: 'SM2' });
    expect(problem(() => verifyChain(bundle(underNotCa, notCa), anchors, now))).toMatch(
      /"C=CN, CN=Not a CA" is not a CA certificate \(basicConstraints CA:true is missing\)/,
    );
    const deeper = issueCertificate(smIntermediate, { commonName: 'Sub CA', algorithm: 'SM2', ca: true });
    const tooDeep = issueCertificate(deeper, { commonName: 'x', algorithm: 'SM2' });
    expect(problem(() => verifyChain(bundle(tooDeep, deeper, smIntermediate), anchors, now))).toMatch(
      /the chain is too long for "C=CN, CN=演示运营CA": its pathLen 0/,
    );
    const encryption = issueCertificate(smIntermediate, {
      commonName: 'x',
      algorithm: 'SM2',
      keyUsage: ['keyEncipherment', 'dataEncipherment'],
    });
    expect(problem(() => verifyChain(bundle(encryption, smIntermediate), anchors, now))).toMatch(
      /encryption certificate .*use the bidder's signing certificate/,
    );
    const foreignRoot = createCa({ commonName: 'Foreign Root', algorithm: 'SM2' });
    const foreignCa = issueCertificate(foreignRoot, { commonName: 'Foreign CA', algorithm: 'SM2', ca: true });
    const foreign = issueCertificate(foreignCa, { commonName: 'x', algorithm: 'SM2' });
    expect(problem(() => verifyChain(bundle(foreign, foreignCa, foreignRoot), anchors, now))).toMatch(
      /issuer "C=CN, O=Demo CA, CN=Foreign Root" is neither a CA this server trusts/,
    );
    expect(problem(() => verifyChain(bundle(smLeaf), anchors, now))).toMatch(
      /the chain ends at "C=CN, O=演示, CN=演示置业有限公司": its issuer "C=CN, CN=演示运营CA" is neither/,
    );
    expect(problem(() => verifyChain(bundle(smIntermediate), anchors, now))).toMatch(
      /is a CA certificate and cannot identify a bidder/,
    );
    const noSign = issueCertificate(smRoot, {
      commonName: 'No keyCertSign',
      algorithm: 'SM2',
      ca: true,
      keyUsage: ['cRLSign'],
    });
    const underNoSign = issueCertificate(noSign, { commonName: 'x', algorithm: 'SM2' });
    expect(problem(() => verifyChain(bundle(underNoSign, noSign), anchors, now))).toMatch(
      /lacks keyCertSign/,
    );
    expect(problem(() => verifyChain('hello', anchors, now))).toMatch(/give the certificate as PEM/);
  });

  it('judges validity at the clock it is given', () => {
    expect(
      problem(() =>
        verifyChain(bundle(smLeaf, smIntermediate), anchors, new Date(now.getTime() + 3 * 365 * day)),
      ),
    ).toMatch(/the certificate .* expired on/);
  });
});
