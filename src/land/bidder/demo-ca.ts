/**
 * The demo CA (演示用 CA) and demo bidder certificates, for demo mode only: `npm run demo:ca` writes them to
 * demo-ca/ (git-ignored); in demo mode the server creates them on start when missing. node:crypto reads
 * certificates but cannot issue them, so node-forge (pure JS) signs; keys come from node:crypto.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import forge from 'node-forge';

export const DEMO_CA_DIR = resolve('demo-ca');

export interface DemoBidderIdentity {
  key: string;
  kind: 'LEGAL_PERSON' | 'NATURAL_PERSON' | 'OTHER_ORGANIZATION';
  name: string;
  registrationNumber: string;
}

/** Invented for the demo; no real person or company. */
export const DEMO_BIDDERS: DemoBidderIdentity[] = [
  {
    key: 'bidder-1',
    kind: 'LEGAL_PERSON',
    name: '演示置业有限公司',
    registrationNumber: '91630100DEMO00001A',
  },
  {
    key: 'bidder-2',
    kind: 'LEGAL_PERSON',
    name: '演示建设集团有限公司',
    registrationNumber: '91630100DEMO00002B',
  },
  { key: 'bidder-3', kind: 'NATURAL_PERSON', name: '演示竞买人甲', registrationNumber: '630102199001010000' },
];

interface KeyPair {
  privateKeyPem: string;
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
}

function rsaKeys(): KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return {
    privateKeyPem: privateKey,
    privateKey: forgeKey,
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

/** A name attribute as UTF8String (Chinese names). */
const attr = (shortName: string, value: string): forge.pki.CertificateField =>
  ({
    shortName,
    value,
    valueTagClass: forge.asn1.Type.UTF8,
  }) as unknown as forge.pki.CertificateField;

const serial = () => `01${randomBytes(15).toString('hex')}`; // positive, 128 bits of randomness

export interface IssuedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export interface CertificateOptions {
  commonName: string;
  organization?: string;
  notBefore?: Date;
  notAfter?: Date;
}

/** A self-signed CA certificate. */
export function createCa(options: CertificateOptions): IssuedCertificate {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const attrs = [
    attr('C', 'CN'),
    attr('O', options.organization ?? 'Demo CA'),
    attr('CN', options.commonName),
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: keys.privateKeyPem };
}

/** A bidder's certificate issued by `ca`. */
export function issueCertificate(ca: IssuedCertificate, options: CertificateOptions): IssuedCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const caKey = forge.pki.privateKeyFromPem(ca.privateKeyPem) as forge.pki.rsa.PrivateKey;
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 2 * 365 * 24 * 3600_000);
  cert.setSubject([
    attr('C', 'CN'),
    ...(options.organization ? [attr('O', options.organization)] : []),
    attr('CN', options.commonName),
  ]);
  // forge reads UTF8String values as raw UTF-8 bytes and would encode them again on writing
  cert.setIssuer(
    caCert.subject.attributes.map((a) =>
      a.valueTagClass === (forge.asn1.Type.UTF8 as unknown)
        ? attr(a.shortName as string, forge.util.decodeUtf8(a.value as string))
        : a,
    ),
  );
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: keys.privateKeyPem };
}

/** Reads the demo CA from `dir`, creating it and the demo bidders' certificates when missing. */
export function ensureDemoCa(dir: string = DEMO_CA_DIR): { caPem: string; created: boolean } {
  const caFile = join(dir, 'ca.pem');
  if (existsSync(caFile)) return { caPem: readFileSync(caFile, 'utf8'), created: false };
  mkdirSync(join(dir, 'bidders'), { recursive: true });
  const ca = createCa({ commonName: 'Demo Land Trading CA (演示, not for real use)' });
  writeFileSync(join(dir, 'ca.key.pem'), ca.privateKeyPem, { mode: 0o600 });
  for (const bidder of DEMO_BIDDERS) {
    const issued = issueCertificate(ca, { commonName: bidder.name, organization: 'Demo bidders' });
    writeFileSync(join(dir, 'bidders', `${bidder.key}.pem`), issued.certificatePem);
    writeFileSync(join(dir, 'bidders', `${bidder.key}.key.pem`), issued.privateKeyPem, { mode: 0o600 });
  }
  writeFileSync(caFile, ca.certificatePem); // last: its presence means the set is complete
  return { caPem: ca.certificatePem, created: true };
}

/** The demo certificate of a demo bidder (after ensureDemoCa). */
export function demoBidderCertificate(key: string, dir: string = DEMO_CA_DIR): IssuedCertificate {
  return {
    certificatePem: readFileSync(join(dir, 'bidders', `${key}.pem`), 'utf8'),
    privateKeyPem: readFileSync(join(dir, 'bidders', `${key}.key.pem`), 'utf8'),
  };
}

if (require.main === module) {
  const { created } = ensureDemoCa();
  console.log(
    created
      ? `wrote the demo CA and ${DEMO_BIDDERS.length} demo bidder certificates to ${DEMO_CA_DIR}`
      : `${DEMO_CA_DIR} already holds a demo CA (delete the folder to make a new one)`,
  );
}
