/**
 * X.509 certificates read with @peculiar/asn1-x509 (node:crypto's X509Certificate cannot verify SM3withSM2 with
 * the standard ID), and signature checks by algorithm: SM3withSM2 here, RSA and ECDSA through node:crypto.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyUsage,
  SubjectKeyIdentifier,
  type SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { nameDer, nameToString, OID, pemBlocks, SM2_CURVE_PARAMS, toPem } from './asn1';
import { sm2PublicKey, sm2SignatureFromDer, sm2Verify, SM2_DEFAULT_ID } from './sm2';

export type KeyAlgorithm = 'SM2' | 'RSA' | 'ECDSA';

export type PublicKey =
  | { algorithm: 'SM2'; point: ReturnType<typeof sm2PublicKey> }
  | { algorithm: 'RSA' | 'ECDSA'; key: KeyObject };

export interface X509 {
  der: Buffer;
  pem: string;
  asn: Certificate;
  subject: string;
  issuer: string;
  subjectDer: Buffer;
  issuerDer: Buffer;
  /** uppercase hex, as node:crypto and openssl print it */
  serialNumber: string;
  /** SHA-256 of the DER, lowercase hex without colons */
  fingerprint: string;
  validFrom: Date;
  validTo: Date;
  /** basicConstraints cA (false when the extension is absent) */
  ca: boolean;
  pathLen?: number;
  /** KeyUsageFlags bits, undefined when the extension is absent */
  keyUsage?: number;
  subjectKeyId?: string;
  authorityKeyId?: string;
  publicKey: PublicKey;
}

export function readPublicKey(spki: SubjectPublicKeyInfo): PublicKey {
  const algorithm = spki.algorithm.algorithm;
  const params = spki.algorithm.parameters ? Buffer.from(spki.algorithm.parameters).toString('hex') : '';
  if (algorithm === OID.sm2Curve || (algorithm === OID.ecPublicKey && params === SM2_CURVE_PARAMS)) {
    return { algorithm: 'SM2', point: sm2PublicKey(new Uint8Array(spki.subjectPublicKey)) };
  }
  const key = createPublicKey({
    key: Buffer.from(AsnSerializer.serialize(spki)),
    format: 'der',
    type: 'spki',
  });
  if (key.asymmetricKeyType === 'rsa') return { algorithm: 'RSA', key };
  if (key.asymmetricKeyType === 'ec') return { algorithm: 'ECDSA', key };
  throw new Error(`keys of type ${key.asymmetricKeyType} are not accepted (SM2, RSA or ECDSA)`);
}

const extension = <T>(cert: Certificate, id: string, type: new () => T): T | undefined => {
  const found = cert.tbsCertificate.extensions?.find((e) => e.extnID === id);
  return found ? AsnParser.parse(found.extnValue, type) : undefined;
};

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b as ArrayBuffer).toString('hex');

/** One DER certificate; throws when it is not X.509 or its key is not SM2, RSA or ECDSA. */
export function readCertificate(der: Uint8Array): X509 {
  const asn = AsnParser.parse(der, Certificate);
  const tbs = asn.tbsCertificate;
  const basic = extension(asn, id_ce_basicConstraints, BasicConstraints);
  const usage = extension(asn, id_ce_keyUsage, KeyUsage);
  const ski = extension(asn, id_ce_subjectKeyIdentifier, SubjectKeyIdentifier);
  const aki = extension(asn, id_ce_authorityKeyIdentifier, AuthorityKeyIdentifier);
  const serial = Buffer.from(tbs.serialNumber);
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  return {
    der: Buffer.from(der),
    pem: toPem(der, 'CERTIFICATE'),
    asn,
    subject: nameToString(tbs.subject),
    issuer: nameToString(tbs.issuer),
    subjectDer: nameDer(tbs.subject),
    issuerDer: nameDer(tbs.issuer),
    serialNumber: serial.subarray(start).toString('hex').toUpperCase(),
    fingerprint: createHash('sha256').update(der).digest('hex'),
    validFrom: tbs.validity.notBefore.getTime(),
    validTo: tbs.validity.notAfter.getTime(),
    ca: basic?.cA ?? false,
    pathLen: basic?.pathLenConstraint,
    keyUsage: usage?.toNumber(),
    subjectKeyId: ski ? hex(ski.buffer) : undefined,
    authorityKeyId: aki?.keyIdentifier ? hex(aki.keyIdentifier.buffer) : undefined,
    publicKey: readPublicKey(tbs.subjectPublicKeyInfo),
  };
}

/** Every certificate of a PEM text (a bundle), in order. */
export const readPemCertificates = (pem: string): X509[] =>
  pemBlocks(pem, 'CERTIFICATE').map(readCertificate);

const DIGESTS: Record<string, { hash: string; key: KeyAlgorithm }> = {
  [OID.sha256WithRsa]: { hash: 'sha256', key: 'RSA' },
  [OID.sha384WithRsa]: { hash: 'sha384', key: 'RSA' },
  [OID.sha512WithRsa]: { hash: 'sha512', key: 'RSA' },
  [OID.ecdsaWithSha256]: { hash: 'sha256', key: 'ECDSA' },
  [OID.ecdsaWithSha384]: { hash: 'sha384', key: 'ECDSA' },
  [OID.ecdsaWithSha512]: { hash: 'sha512', key: 'ECDSA' },
  [OID.sm3WithSm2]: { hash: 'sm3', key: 'SM2' },
  [OID.sm2Sign]: { hash: 'sm3', key: 'SM2' },
};

/**
 * true when `signature` (DER for SM2 and ECDSA) signs `data` with `key`, hashing with `hash` (SM3withSM2 with the
 * standard distinguishing ID for SM2 keys); false for a mismatch, or a hash that does not go with the key.
 */
export function verifyWithKey(
  key: PublicKey,
  hash: string,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (key.algorithm === 'SM2')
      return hash === 'sm3' && sm2Verify(key.point, data, sm2SignatureFromDer(signature), SM2_DEFAULT_ID);
    return hash !== 'sm3' && verify(hash, data, key.key, signature);
  } catch {
    return false;
  }
}

/** like verifyWithKey, for a signature algorithm OID (certificates and CRLs) */
export function signedBy(data: Uint8Array, oid: string, signature: Uint8Array, key: PublicKey): boolean {
  const algorithm = DIGESTS[oid];
  return (
    !!algorithm && algorithm.key === key.algorithm && verifyWithKey(key, algorithm.hash, data, signature)
  );
}

/** Is `cert` signed by the key of `issuer`? (over the TBS bytes exactly as received) */
export function issuedBy(cert: X509, issuer: X509): boolean {
  const tbs = cert.asn.tbsCertificateRaw;
  if (!tbs) return false;
  return signedBy(
    new Uint8Array(tbs),
    cert.asn.signatureAlgorithm.algorithm,
    new Uint8Array(cert.asn.signatureValue),
    issuer.publicKey,
  );
}
