/**
 * Bidder certificates (CA数字证书): reading them with node:crypto, and checking that a trusted CA issued them and
 * that they are valid at the server's time. Pure apart from reading PEM; the sign-in flow reuses
 * verifyCertificateChain.
 */
import { X509Certificate } from 'node:crypto';
import { badInput, type DomainError } from '../../common/errors';

export interface ParsedCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the DER, lowercase hex without colons */
  fingerprint: string;
  validFrom: Date;
  validTo: Date;
  pem: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_PEM_LENGTH = 20_000;

const distinguishedName = (dn: string) =>
  dn
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');

function read(cert: X509Certificate): ParsedCertificate {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    fingerprint: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    validFrom: new Date(cert.validFrom),
    validTo: new Date(cert.validTo),
    pem: cert.toString(),
  };
}

const invalid = (message: string): DomainError => badInput(message, { field: 'certificatePem' });

/** One PEM certificate → X509Certificate, or BAD_USER_INPUT. */
export function loadCertificate(pem: string): X509Certificate {
  if (pem.length > MAX_PEM_LENGTH) throw invalid('the certificate is too long');
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length !== 1) throw invalid('give exactly one PEM certificate (-----BEGIN CERTIFICATE-----)');
  try {
    return new X509Certificate(blocks[0]);
  } catch {
    throw invalid('the certificate cannot be read as X.509');
  }
}

export function parseCertificate(pem: string): ParsedCertificate {
  return read(loadCertificate(pem));
}

/** Every certificate of a PEM bundle (a TRUSTED_CA_FILE). */
export function parseCaBundle(bundle: string): X509Certificate[] {
  return (bundle.match(PEM_BLOCK) ?? []).map((block) => new X509Certificate(block));
}

const validAt = (cert: X509Certificate, now: Date) =>
  new Date(cert.validFrom).getTime() <= now.getTime() && now.getTime() < new Date(cert.validTo).getTime();

/**
 * Checks that a trusted CA issued the certificate directly (issuer name and signature) and that both are valid
 * at `now`; returns what the certificate says. Anything else is BAD_USER_INPUT.
 */
export function verifyCertificateChain(
  pem: string,
  trustedCas: X509Certificate[],
  now: Date,
): ParsedCertificate {
  const cert = loadCertificate(pem);
  if (cert.ca) throw invalid('a CA certificate cannot identify a bidder');
  const issuer = trustedCas.find((ca) => {
    try {
      return cert.checkIssued(ca) && cert.verify(ca.publicKey);
    } catch {
      return false;
    }
  });
  if (!issuer) throw invalid('the certificate was not issued by a CA this server trusts');
  if (!validAt(issuer, now)) throw invalid('the issuing CA certificate is not valid now');
  if (!validAt(cert, now)) throw invalid('the certificate is not valid now (see its validFrom / validTo)');
  return read(cert);
}
