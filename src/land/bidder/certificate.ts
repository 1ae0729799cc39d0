/**
 * Bidder certificates (CA数字证书): what the server reads from them, and the check that they chain to a CA of
 * TRUSTED_CA_FILE and are valid at the server's time (pki/chain.ts does the work: SM2, RSA and ECDSA, PEM bundles
 * leaf first). Pure; the sign-in flow and registration reuse verifyCertificateChain.
 */
import { badInput, type DomainError } from '../../common/errors';
import { ChainProblem, readBundle, verifyChain } from './pki/chain';
import { readPemCertificates, type KeyAlgorithm, type X509 } from './pki/x509';

export interface ParsedCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the DER, lowercase hex without colons */
  fingerprint: string;
  validFrom: Date;
  validTo: Date;
  /** the leaf, PEM */
  pem: string;
  keyAlgorithm: KeyAlgorithm;
  /** the verified path, leaf first, ending with the trusted CA (PEM), for the audit trail */
  chainPem: string;
  /** the verified path, for revocation checks */
  path: X509[];
}

function read(path: X509[]): ParsedCertificate {
  const [leaf] = path;
  return {
    subject: leaf.subject,
    issuer: leaf.issuer,
    serialNumber: leaf.serialNumber,
    fingerprint: leaf.fingerprint,
    validFrom: leaf.validFrom,
    validTo: leaf.validTo,
    pem: leaf.pem,
    keyAlgorithm: leaf.publicKey.algorithm,
    chainPem: path.map((c) => c.pem).join(''),
    path,
  };
}

const invalid = (message: string): DomainError => badInput(message, { field: 'certificatePem' });

/** The first certificate of a PEM text (unverified), or BAD_USER_INPUT. */
export function parseCertificate(pem: string): ParsedCertificate {
  try {
    return read([readBundle(pem)[0]]);
  } catch (error) {
    throw invalid(error instanceof ChainProblem ? error.message : 'the certificate cannot be read as X.509');
  }
}

/** Every certificate of a PEM bundle (a TRUSTED_CA_FILE). */
export const parseCaBundle = (bundle: string): X509[] => readPemCertificates(bundle);

/**
 * Builds and checks the path from the bidder's certificate (first of `pem`, its intermediates after it) to a
 * trusted CA at `now`; returns what the leaf says and the path. BAD_USER_INPUT saying what is wrong otherwise.
 */
export function verifyCertificateChain(pem: string, trustedCas: X509[], now: Date): ParsedCertificate {
  try {
    return read(verifyChain(pem, trustedCas, now).path);
  } catch (error) {
    if (error instanceof ChainProblem) throw invalid(error.message);
    throw error;
  }
}
