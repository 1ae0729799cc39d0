/**
 * The one check that a bidder's certificate key signed some bytes (签名验证): the challenge nonce of a certificate
 * sign-in, and the SHA-256 of a document a bidder uploads. By the key's algorithm: SM3withSM2 with the standard
 * distinguishing ID 1234567812345678 for SM2 keys, SHA-256 for RSA and ECDSA. Encodings CA client tools produce:
 *  - DER: the signature as X.509 carries it (SEQUENCE { r, s } for SM2 and ECDSA; PKCS#1 v1.5 for RSA);
 *  - RAW: 64 bytes r ‖ s (SM2 and P-256 keys; what several USB-key APIs return);
 *  - CMS: PKCS#7 / CMS SignedData over the data, detached or attached, with or without signed attributes (what
 *    most USB-key middleware emits; GM/T 0010 content types too). Its signer must be the given certificate.
 * The chain, validity and revocation of the certificate are the caller's (chain.ts, crl.ts).
 */
import { createHash } from 'node:crypto';
import { AsnParser, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { fromBER, type Sequence, type Set } from 'asn1js';
import { ContentInfo, SignedData, type SignerInfo } from '@peculiar/asn1-cms';
import { nameDer, OID } from './asn1';
import { readPemCertificates, readCertificate, verifyWithKey, type X509 } from './x509';
import { sm2SignatureFromRaw, sm2SignatureToDer } from './sm2';

export type SignatureEncoding = 'DER' | 'RAW' | 'CMS';

export interface BidderSignatureInput {
  /** the bidder's certificate (PEM; the first of a bundle is the bidder's) */
  certificatePem: string;
  /** what was signed: the nonce's UTF-8 bytes, a document's SHA-256, … */
  data: Uint8Array;
  /** base64 text or the bytes */
  signature: string | Uint8Array;
  /** how the signature is encoded; found from its bytes when not said */
  encoding?: SignatureEncoding;
}

export type SignatureCheck = { valid: true; encoding: SignatureEncoding } | { valid: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_SIGNATURE_BYTES = 16_384;
const DIGEST_OIDS: Record<string, string> = {
  [OID.sm3]: 'sm3',
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SIGNED_DATA = [OID.cmsSignedData, OID.gmSignedData];

const refuse = (reason: string): SignatureCheck => ({ valid: false, reason });

/** the hash of the signature scheme: SM3 for SM2 keys, SHA-256 for RSA and ECDSA */
const hashFor = (cert: X509) => (cert.publicKey.algorithm === 'SM2' ? 'sm3' : 'sha256');

interface Cms {
  signedData: SignedData;
  /** per signer: the signed attributes exactly as received (their [0] IMPLICIT encoding) */
  signedAttrsDer: (Uint8Array | undefined)[];
}

function readCms(bytes: Uint8Array): Cms | null {
  try {
    const info = AsnParser.parse(bytes, ContentInfo);
    if (!SIGNED_DATA.includes(info.contentType)) return null;
    const signedData = AsnParser.parse(info.content, SignedData);
    // the signature covers the attributes' own bytes, which a re-encoding need not reproduce
    const tree = fromBER(info.content).result as Sequence;
    const signerInfos = tree.valueBlock.value.at(-1) as Set;
    const signedAttrsDer = signerInfos.valueBlock.value.map((signer) => {
      const attrs = (signer as Sequence).valueBlock.value.find(
        (e) => e.idBlock.tagClass === 3 && e.idBlock.tagNumber === 0,
      );
      return attrs ? new Uint8Array(attrs.valueBeforeDecodeView) : undefined;
    });
    return { signedData, signedAttrsDer };
  } catch {
    return null;
  }
}

function signerIs(signer: SignerInfo, cert: X509): boolean {
  const byName = signer.sid.issuerAndSerialNumber;
  if (byName) {
    const serial = Buffer.from(byName.serialNumber);
    const certSerial = Buffer.from(cert.asn.tbsCertificate.serialNumber);
    return nameDer(byName.issuer).equals(cert.issuerDer) && serial.equals(certSerial);
  }
  const keyId = signer.sid.subjectKeyIdentifier;
  return !!keyId && !!cert.subjectKeyId && Buffer.from(keyId.buffer).toString('hex') === cert.subjectKeyId;
}

function checkCms({ signedData: cms, signedAttrsDer }: Cms, cert: X509, data: Uint8Array): SignatureCheck {
  const content = cms.encapContentInfo.eContent?.single;
  if (content && !Buffer.from(content.buffer).equals(Buffer.from(data)))
    return refuse('the CMS SignedData carries other content than the data signed');
  const index = cms.signerInfos.findIndex((s) => signerIs(s, cert));
  const signer = cms.signerInfos[index];
  if (!signer) return refuse('no signer of the CMS SignedData is the registered certificate');
  const carried = (cms.certificates ?? []).flatMap((c) => (c.certificate ? [c.certificate] : []));
  for (const certificate of carried) {
    const other = readCertificate(new Uint8Array(AsnSerializer.serialize(certificate)));
    if (signerIs(signer, other) && other.fingerprint !== cert.fingerprint)
      return refuse('the CMS signer certificate is not the registered certificate');
  }
  const hash = DIGEST_OIDS[signer.digestAlgorithm.algorithm];
  if (!hash) return refuse(`the CMS digest algorithm ${signer.digestAlgorithm.algorithm} is not accepted`);
  if (hash !== hashFor(cert) && !(hash.startsWith('sha') && cert.publicKey.algorithm !== 'SM2'))
    return refuse(`a ${cert.publicKey.algorithm} key does not sign with ${hash}`);
  let signed: Uint8Array = data;
  if (signer.signedAttrs?.length) {
    const digestAttr = signer.signedAttrs.find((a) => a.attrType === OID.messageDigestAttr);
    if (!digestAttr?.attrValues.length) return refuse('the CMS signed attributes have no messageDigest');
    const digest = Buffer.from(AsnParser.parse(digestAttr.attrValues[0], OctetString).buffer);
    if (!digest.equals(createHash(hash).update(data).digest()))
      return refuse('the CMS messageDigest is not the digest of the data signed');
    const der = signedAttrsDer[index];
    if (!der) return refuse('the CMS signed attributes cannot be read');
    // signed as a SET OF (tag 0x31), carried as [0] IMPLICIT
    const raw = Buffer.from(der);
    raw[0] = 0x31;
    signed = raw;
  }
  return verifyWithKey(cert.publicKey, hash, signed, new Uint8Array(signer.signature.buffer))
    ? { valid: true, encoding: 'CMS' }
    : refuse('the CMS signature does not verify with the registered certificate');
}

function decode(signature: string | Uint8Array): Buffer | null {
  if (typeof signature !== 'string') return Buffer.from(signature);
  const text = signature.replace(/\s+/g, '');
  if (!text || text.length > (MAX_SIGNATURE_BYTES * 4) / 3 + 4 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/** Checks that the certificate's key signed `data`; says why not. Never throws for bad input. */
export function verifyBidderSignature(input: BidderSignatureInput): SignatureCheck {
  const bytes = decode(input.signature);
  if (!bytes || bytes.length > MAX_SIGNATURE_BYTES) return refuse('the signature is not base64');
  let cert: X509;
  try {
    [cert] = readPemCertificates(input.certificatePem);
  } catch {
    return refuse('the certificate cannot be read');
  }
  if (!cert) return refuse('no certificate');
  const hash = hashFor(cert);
  const keyAlgorithm = cert.publicKey.algorithm;
  const cms = input.encoding === 'DER' || input.encoding === 'RAW' ? null : readCms(bytes);
  if (input.encoding === 'CMS' && !cms) return refuse('the signature is not CMS SignedData');
  if (cms) return checkCms(cms, cert, input.data);
  const raw = input.encoding === 'RAW' || (input.encoding === undefined && bytes.length === 64);
  if (raw) {
    if (bytes.length !== 64 || keyAlgorithm === 'RSA')
      return refuse('a raw signature is 64 bytes r ‖ s of an SM2 or P-256 key');
    const der = sm2SignatureToDer(sm2SignatureFromRaw(bytes));
    return verifyWithKey(cert.publicKey, hash, input.data, der)
      ? { valid: true, encoding: 'RAW' }
      : refuse(`the raw ${keyAlgorithm} signature does not verify`);
  }
  return verifyWithKey(cert.publicKey, hash, input.data, bytes)
    ? { valid: true, encoding: 'DER' }
    : refuse(`the ${keyAlgorithm} signature does not verify`);
}
