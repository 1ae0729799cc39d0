/**
 * Certificate paths (证书链): a bidder's certificate, then the intermediate CAs that issued it (a PEM bundle, leaf
 * first, as TLS sends it), up to a CA of TRUSTED_CA_FILE. Every link is checked: issuer name and signature
 * (SM3withSM2 with the standard ID, RSA, ECDSA), validity at the server's time, basicConstraints CA:true and
 * pathLen, keyUsage keyCertSign for CAs and digitalSignature for the bidder's. Pure; revocation is crl.ts's.
 */
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import { issuedBy, readCertificate, type X509 } from './x509';
import { pemBlocks } from './asn1';

/** Why a chain is refused: precise, for the trading centre (a sign-in only logs it). */
export class ChainProblem extends Error {}

export interface VerifiedChain {
  leaf: X509;
  /** leaf first, then each issuer, ending with the trusted CA */
  path: X509[];
}

const MAX_BUNDLE_LENGTH = 64_000;
const MAX_CERTIFICATES = 8;

const label = (cert: X509) => `"${cert.subject}"`;
const day = (d: Date) => d.toISOString().slice(0, 10);
const sameName = (a: Buffer, b: Buffer) => a.equals(b);

/** The certificates of a PEM bundle; ChainProblem when there are none or one cannot be read. */
export function readBundle(pem: string): X509[] {
  if (pem.length > MAX_BUNDLE_LENGTH) throw new ChainProblem('the certificate bundle is too long');
  const blocks = pemBlocks(pem, 'CERTIFICATE');
  if (!blocks.length)
    throw new ChainProblem(
      "give the certificate as PEM (-----BEGIN CERTIFICATE-----): the bidder's first, then its intermediate CAs",
    );
  if (blocks.length > MAX_CERTIFICATES)
    throw new ChainProblem(`at most ${MAX_CERTIFICATES} certificates in a bundle`);
  return blocks.map((der, i) => {
    try {
      return readCertificate(der);
    } catch (error) {
      const why = error instanceof Error && /not accepted/.test(error.message) ? `: ${error.message}` : '';
      throw new ChainProblem(`certificate ${i + 1} of the bundle cannot be read as X.509${why}`);
    }
  });
}

const has = (usage: number | undefined, flag: KeyUsageFlags) => usage === undefined || (usage & flag) !== 0;

function checkLeaf(leaf: X509): void {
  if (leaf.ca)
    throw new ChainProblem(
      `${label(leaf)} is a CA certificate and cannot identify a bidder: give the bidder's own certificate first`,
    );
  if (!has(leaf.keyUsage, KeyUsageFlags.digitalSignature)) {
    const encryption =
      KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment | KeyUsageFlags.keyAgreement;
    throw new ChainProblem(
      (leaf.keyUsage! & encryption) !== 0
        ? `${label(leaf)} is an encryption certificate (加密证书, keyUsage without digitalSignature): use the bidder's signing certificate (签名证书) from the same USB key`
        : `${label(leaf)} may not sign (keyUsage without digitalSignature): use the bidder's signing certificate (签名证书)`,
    );
  }
}

function checkValidity(cert: X509, role: string, now: Date): void {
  if (now < cert.validFrom)
    throw new ChainProblem(`${role} ${label(cert)} is not valid before ${cert.validFrom.toISOString()}`);
  if (now >= cert.validTo) throw new ChainProblem(`${role} ${label(cert)} expired on ${day(cert.validTo)}`);
}

/** CA checks for the issuer at `depth` (1 = it issued the leaf): `below` intermediate CAs lie under it. */
function checkCa(cert: X509, below: number, anchor: boolean): void {
  // a trusted root without basicConstraints (a v1 root) is trusted by configuration; any other CA must say so
  if (!cert.ca && !(anchor && cert.asn.tbsCertificate.extensions === undefined))
    throw new ChainProblem(
      `${label(cert)} is not a CA certificate (basicConstraints CA:true is missing) and cannot issue certificates`,
    );
  if (!has(cert.keyUsage, KeyUsageFlags.keyCertSign))
    throw new ChainProblem(`${label(cert)} may not sign certificates (its keyUsage lacks keyCertSign)`);
  if (cert.pathLen !== undefined && below > cert.pathLen)
    throw new ChainProblem(
      `the chain is too long for ${label(cert)}: its pathLen ${cert.pathLen} allows ${cert.pathLen} intermediate CA(s) below it, the chain has ${below}`,
    );
}

/**
 * The path from the first certificate of `bundlePem` to one of `anchors`, every link checked at `now`; a
 * ChainProblem saying what is wrong otherwise.
 */
export function verifyChain(
  bundlePem: string,
  anchors: X509[],
  now: Date,
  purpose: 'bidder' | 'ca' = 'bidder',
): VerifiedChain {
  const [leaf, ...given] = readBundle(bundlePem);
  if (purpose === 'bidder') checkLeaf(leaf);
  else checkCa(leaf, 0, false);
  const path: X509[] = [leaf];
  for (;;) {
    const current = path[path.length - 1];
    if (path.length > MAX_CERTIFICATES + 1) throw new ChainProblem('the chain is too long');
    const namedAnchors = anchors.filter((a) => sameName(a.subjectDer, current.issuerDer));
    const anchor = namedAnchors.find((a) => issuedBy(current, a));
    if (anchor) {
      path.push(anchor);
      break;
    }
    const named = given.filter(
      (c) => sameName(c.subjectDer, current.issuerDer) && !path.some((p) => p.fingerprint === c.fingerprint),
    );
    const next = named.find((c) => issuedBy(current, c));
    if (next) {
      path.push(next);
      continue;
    }
    if (namedAnchors.length || named.length)
      throw new ChainProblem(
        `the signature of ${label(current)} does not verify with the key of its issuer "${current.issuer}"`,
      );
    throw new ChainProblem(
      current === leaf && current.issuer === current.subject
        ? `${label(leaf)} is self-signed and not a CA this server trusts`
        : `the chain ends at ${label(current)}: its issuer "${current.issuer}" is neither a CA this server trusts nor in the bundle (give the bidder's certificate followed by its intermediate CA certificates)`,
    );
  }
  checkValidity(leaf, purpose === 'ca' ? 'the CA certificate' : 'the certificate', now);
  path.slice(1).forEach((ca, i) => {
    const anchor = i === path.length - 2;
    checkValidity(ca, anchor ? 'the trusted CA certificate' : 'the intermediate CA certificate', now);
    checkCa(ca, purpose === 'ca' ? i + 1 : i, anchor);
  });
  return { leaf, path };
}
