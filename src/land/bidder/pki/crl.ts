/** Certificate revocation lists (证书吊销列表, X.509 v2 CRLs), read and checked against the CA that signed them. */
import { createHash } from 'node:crypto';
import { AsnParser } from '@peculiar/asn1-schema';
import { CertificateList, KeyUsageFlags } from '@peculiar/asn1-x509';
import { nameDer, nameToString, pemBlocks } from './asn1';
import { ChainProblem } from './chain';
import { signedBy, type X509 } from './x509';

export interface ParsedCrl {
  der: Buffer;
  issuer: string;
  /** SHA-256 of the issuer name's DER: the key CRLs and revoked serials are stored under */
  issuerKey: string;
  issuerDer: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revoked: { serialNumber: string; revokedAt: Date }[];
  asn: CertificateList;
}

/** the key under which the CRL of the CA named `issuerDer` is kept */
export const issuerKeyOf = (issuerDer: Buffer): string =>
  createHash('sha256').update(issuerDer).digest('hex');

/** uppercase hex without sign padding, as X509.serialNumber */
export function normalSerial(bytes: ArrayBuffer | Uint8Array): string {
  const serial = Buffer.from(bytes as ArrayBuffer);
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  return serial.subarray(start).toString('hex').toUpperCase();
}

const MAX_CRL_BYTES = 8 * 1024 * 1024;

/** A PEM (-----BEGIN X509 CRL-----) or base64 DER CRL; ChainProblem when it is neither. */
export function readCrl(text: string): ParsedCrl {
  const blocks = pemBlocks(text, 'X509 CRL');
  const compact = text.replace(/\s+/g, '');
  const der = blocks.length
    ? blocks[0]
    : /^[A-Za-z0-9+/]+={0,2}$/.test(compact)
      ? Buffer.from(compact, 'base64')
      : null;
  if (!der || der.length > MAX_CRL_BYTES)
    throw new ChainProblem('give the CRL as PEM (-----BEGIN X509 CRL-----) or base64 DER');
  let asn: CertificateList;
  try {
    asn = AsnParser.parse(der, CertificateList);
  } catch {
    throw new ChainProblem('the CRL cannot be read as an X.509 CRL');
  }
  const tbs = asn.tbsCertList;
  const issuerDer = nameDer(tbs.issuer);
  return {
    der,
    issuer: nameToString(tbs.issuer),
    issuerKey: issuerKeyOf(issuerDer),
    issuerDer,
    thisUpdate: tbs.thisUpdate.getTime(),
    nextUpdate: tbs.nextUpdate?.getTime() ?? null,
    revoked: (tbs.revokedCertificates ?? []).map((r) => ({
      serialNumber: normalSerial(r.userCertificate),
      revokedAt: r.revocationDate.getTime(),
    })),
    asn,
  };
}

/** The CA among `cas` that signed the CRL; ChainProblem when none did. */
export function crlSigner(crl: ParsedCrl, cas: X509[]): X509 {
  const named = cas.filter((ca) => ca.subjectDer.equals(crl.issuerDer));
  if (!named.length)
    throw new ChainProblem(
      `no CA certificate named "${crl.issuer}" is trusted or given: give the CA certificate that signed the CRL`,
    );
  const tbs = crl.asn.tbsCertListRaw;
  const signer = named.find(
    (ca) =>
      !!tbs &&
      signedBy(
        new Uint8Array(tbs),
        crl.asn.signatureAlgorithm.algorithm,
        new Uint8Array(crl.asn.signature),
        ca.publicKey,
      ),
  );
  if (!signer) throw new ChainProblem(`the CRL's signature does not verify with the key of "${crl.issuer}"`);
  if (signer.keyUsage !== undefined && (signer.keyUsage & KeyUsageFlags.cRLSign) === 0)
    throw new ChainProblem(`"${crl.issuer}" may not sign CRLs (its keyUsage lacks cRLSign)`);
  return signer;
}
