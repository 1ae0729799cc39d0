import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseCaBundle,
  parseCertificate,
  verifyCertificateChain,
} from '../../../src/land/bidder/certificate';
import {
  createCa,
  demoBidderCertificate,
  DEMO_BIDDERS,
  ensureDemoCa,
  issueCertificate,
} from '../../../src/land/bidder/demo-ca';

const day = 24 * 3600_000;
const now = new Date();
const ca = createCa({ commonName: 'Test CA' });
const otherCa = createCa({ commonName: 'Untrusted CA' });
const trusted = parseCaBundle(ca.certificatePem);

describe('bidder certificates', () => {
  it('reads subject, issuer, serial, SHA-256 fingerprint and validity as node:crypto does', () => {
    const cert = issueCertificate(ca, { commonName: '演示公司', organization: 'Demo' });
    const info = parseCertificate(cert.certificatePem);
    const x509 = new X509Certificate(cert.certificatePem);
    expect(info.subject).toBe('C=CN, O=Demo, CN=演示公司');
    expect(info.issuer).toContain('CN=Test CA');
    expect(info.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(info.fingerprint).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(info.serialNumber).toBe(x509.serialNumber.toUpperCase());
    expect(info.validFrom.getTime()).toBeLessThan(now.getTime());
    expect(info.validTo.getTime()).toBeGreaterThan(now.getTime());
  });

  it('accepts a certificate issued by a trusted CA and valid now', () => {
    const cert = issueCertificate(ca, { commonName: 'bidder' });
    expect(verifyCertificateChain(cert.certificatePem, trusted, now).subject).toContain('CN=bidder');
  });

  it.each([
    ['issued by an untrusted CA', () => issueCertificate(otherCa, { commonName: 'x' }).certificatePem],
    [
      'expired',
      () =>
        issueCertificate(ca, {
          commonName: 'x',
          notBefore: new Date(now.getTime() - 10 * day),
          notAfter: new Date(now.getTime() - day),
        }).certificatePem,
    ],
    [
      'not yet valid',
      () =>
        issueCertificate(ca, { commonName: 'x', notBefore: new Date(now.getTime() + day) }).certificatePem,
    ],
    ['the CA itself', () => ca.certificatePem],
    ['not a certificate', () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
    ['no PEM at all', () => 'hello'],
  ])('refuses one %s with BAD_USER_INPUT', (_name, pem) => {
    expect(() => verifyCertificateChain(pem(), trusted, now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('judges validity at the clock it is given', () => {
    const cert = issueCertificate(ca, { commonName: 'x' });
    expect(() =>
      verifyCertificateChain(cert.certificatePem, trusted, new Date(now.getTime() + 5 * 365 * day)),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('writes a demo CA with the demo bidders once, and reads it back after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-ca-'));
    try {
      const first = ensureDemoCa(dir);
      expect(first.created).toBe(true);
      const again = ensureDemoCa(dir);
      expect(again).toEqual({ caPem: first.caPem, created: false });
      const bidder = demoBidderCertificate(DEMO_BIDDERS[0].key, dir);
      expect(
        verifyCertificateChain(bidder.certificatePem, parseCaBundle(first.caPem), now).subject,
      ).toContain(DEMO_BIDDERS[0].name);
      // half of the demo bidders hold SM2 certificates under the SM2 intermediate, their .pem a bundle
      const sm2 = DEMO_BIDDERS.filter((b) => b.algorithm === 'SM2');
      expect(sm2).toHaveLength(DEMO_BIDDERS.length / 2);
      for (const b of sm2) {
        const verified = verifyCertificateChain(
          demoBidderCertificate(b.key, dir).certificatePem,
          parseCaBundle(first.caPem),
          now,
        );
        expect(verified.keyAlgorithm).toBe('SM2');
        expect(verified.path.map((c) => c.subject)).toEqual([
          `C=CN, O=Demo bidders, CN=${b.name}`,
          expect.stringContaining('SM2 运营 CA'),
          expect.stringContaining('SM2 根 CA'),
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
