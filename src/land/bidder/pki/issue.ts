/**
 * The one home of certificate issuing (demo CA, tests): TBS structures built with @peculiar/asn1-x509 and signed
 * SM3withSM2 (standard ID, the SM2 code of sm2.ts), sha256WithRSAEncryption or ecdsa-with-SHA256 by the issuer's
 * key. Certificates and CRLs; no openssl CLI. Not used to verify anything.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  AsnArray,
  AsnParser,
  AsnSerializer,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { ObjectIdentifier } from 'asn1js';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificateList,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  RevokedCertificate,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { OID, pemBlocks, PrivateKeyInfo, SM2_CURVE_PARAMS, toPem } from './asn1';
import { sm2KeyPairFromPem, sm2Sign, sm2SignatureToDer } from './sm2';

export type IssuingAlgorithm = 'SM2' | 'RSA' | 'ECDSA';

export interface IssuedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export interface CertificateOptions {
  commonName: string;
  organization?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** the new certificate's key; RSA unless said */
  algorithm?: IssuingAlgorithm;
  /** how names are written: UTF8String (default) or BMPString (as many Chinese CAs do) */
  nameEncoding?: 'utf8' | 'bmp';
  /** a CA certificate (basicConstraints cA, keyCertSign + cRLSign), with this pathLen when given */
  ca?: boolean;
  pathLen?: number;
  /** leave basicConstraints out (an intermediate that does not say it is a CA) */
  omitBasicConstraints?: boolean;
  /** key usages instead of the default (leaf: digitalSignature + nonRepudiation) */
  keyUsage?: (keyof typeof KeyUsageFlags)[];
  serialNumber?: string;
}

const DAY = 24 * 3600_000;

function newKey(algorithm: IssuingAlgorithm): string {
  const pair =
    algorithm === 'RSA'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: algorithm === 'SM2' ? 'SM2' : 'prime256v1' });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function algorithmOf(privateKeyPem: string): IssuingAlgorithm {
  const info = AsnParser.parse(pemBlocks(privateKeyPem, 'PRIVATE KEY')[0], PrivateKeyInfo);
  if (info.privateKeyAlgorithm.algorithm === OID.rsaEncryption) return 'RSA';
  const params = Buffer.from(info.privateKeyAlgorithm.parameters ?? new ArrayBuffer(0)).toString('hex');
  return params === SM2_CURVE_PARAMS ? 'SM2' : 'ECDSA';
}

function spkiOf(privateKeyPem: string): SubjectPublicKeyInfo {
  if (algorithmOf(privateKeyPem) === 'SM2') {
    // node:crypto reads an SM2 PEM back as a key of no known type: the public point comes from sm2.ts
    return new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm: OID.ecPublicKey,
        parameters: new Uint8Array(Buffer.from(SM2_CURVE_PARAMS, 'hex')).buffer,
      }),
      subjectPublicKey: new Uint8Array(sm2KeyPairFromPem(privateKeyPem).publicKey).buffer,
    });
  }
  const der = createPublicKey(privateKeyPem).export({ format: 'der', type: 'spki' });
  return AsnParser.parse(der, SubjectPublicKeyInfo);
}

const NULL = new Uint8Array([5, 0]).buffer;

function signatureAlgorithm(algorithm: IssuingAlgorithm): AlgorithmIdentifier {
  if (algorithm === 'RSA') return new AlgorithmIdentifier({ algorithm: OID.sha256WithRsa, parameters: NULL });
  if (algorithm === 'SM2') return new AlgorithmIdentifier({ algorithm: OID.sm3WithSm2 });
  return new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 });
}

/** A signature of `data` with the key: DER for SM2 and ECDSA; and the signature algorithm's OID. */
export function signData(privateKeyPem: string, data: Uint8Array): { oid: string; signature: Buffer } {
  const algorithm = algorithmOf(privateKeyPem);
  const oid = signatureAlgorithm(algorithm).algorithm;
  if (algorithm === 'SM2') {
    const { privateKey } = sm2KeyPairFromPem(privateKeyPem);
    return { oid, signature: sm2SignatureToDer(sm2Sign(privateKey, data)) };
  }
  return { oid, signature: sign('sha256', data, privateKeyPem) };
}

function name(attributes: [string, string][], encoding: 'utf8' | 'bmp' = 'utf8'): Name {
  return new Name(
    attributes.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({
            type,
            value: new AttributeValue(
              type === '2.5.4.6'
                ? { printableString: value }
                : encoding === 'bmp'
                  ? { bmpString: value }
                  : { utf8String: value },
            ),
          }),
        ]),
    ),
  );
}

const ext = (extnID: string, value: object, critical = false) =>
  new Extension({ extnID, critical, extnValue: new OctetString(AsnSerializer.serialize(value)) });

const keyId = (spki: SubjectPublicKeyInfo) =>
  new Uint8Array(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest());

const serial = (given?: string) => Buffer.from(given ?? `01${randomBytes(15).toString('hex')}`, 'hex'); // positive, 120 bits of randomness

function signCertificate(tbs: TBSCertificate, issuerKeyPem: string): string {
  const tbsDer = new Uint8Array(AsnSerializer.serialize(tbs));
  const { signature } = signData(issuerKeyPem, tbsDer);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: tbs.signature,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return toPem(new Uint8Array(AsnSerializer.serialize(cert)), 'CERTIFICATE');
}

function build(
  options: CertificateOptions,
  subjectKeyPem: string,
  issuer: { name: Name; keyPem: string; keyId: Uint8Array } | null,
): string {
  const spki = spkiOf(subjectKeyPem);
  const subject = name(
    [
      ['2.5.4.6', 'CN'],
      ...(options.organization ? ([['2.5.4.10', options.organization]] as [string, string][]) : []),
      ['2.5.4.3', options.commonName],
    ],
    options.nameEncoding,
  );
  const ca = options.ca ?? false;
  const usage = (options.keyUsage ??
    (ca
      ? ['keyCertSign', 'cRLSign']
      : ['digitalSignature', 'nonRepudiation'])) as (keyof typeof KeyUsageFlags)[];
  const extensions = [
    ...(options.omitBasicConstraints
      ? []
      : [
          ext(
            id_ce_basicConstraints,
            new BasicConstraints({ cA: ca, pathLenConstraint: options.pathLen }),
            true,
          ),
        ]),
    ext(id_ce_keyUsage, new KeyUsage(usage.reduce((bits, u) => bits | KeyUsageFlags[u], 0)), true),
    ext(id_ce_subjectKeyIdentifier, new SubjectKeyIdentifier(keyId(spki))),
    ext(
      id_ce_authorityKeyIdentifier,
      new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer?.keyId ?? keyId(spki)) }),
    ),
  ];
  const now = Date.now();
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(serial(options.serialNumber)).buffer,
    signature: signatureAlgorithm(algorithmOf(issuer?.keyPem ?? subjectKeyPem)),
    issuer: issuer?.name ?? subject,
    validity: new Validity({
      notBefore: options.notBefore ?? new Date(now - DAY),
      notAfter: options.notAfter ?? new Date(now + (ca ? 10 * 365 : 2 * 365) * DAY),
    }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(extensions),
  });
  return signCertificate(tbs, issuer?.keyPem ?? subjectKeyPem);
}

/** A self-signed root CA certificate. */
export function createCa(options: CertificateOptions): IssuedCertificate {
  const privateKeyPem = newKey(options.algorithm ?? 'RSA');
  const certificatePem = build({ organization: 'Demo CA', ...options, ca: true }, privateKeyPem, null);
  return { certificatePem, privateKeyPem };
}

function issuerOf(ca: IssuedCertificate) {
  const cert = AsnParser.parse(pemBlocks(ca.certificatePem, 'CERTIFICATE')[0], Certificate);
  const spki = cert.tbsCertificate.subjectPublicKeyInfo;
  return { name: cert.tbsCertificate.subject, keyPem: ca.privateKeyPem, keyId: keyId(spki) };
}

/** A certificate issued by `ca`: a bidder's (the default) or, with `ca: true`, an intermediate CA's. */
export function issueCertificate(ca: IssuedCertificate, options: CertificateOptions): IssuedCertificate {
  const privateKeyPem = newKey(options.algorithm ?? 'RSA');
  return { certificatePem: build(options, privateKeyPem, issuerOf(ca)), privateKeyPem };
}

export interface CrlOptions {
  revoked?: { serialNumber: string; revokedAt?: Date }[];
  thisUpdate?: Date;
  nextUpdate?: Date;
}

/** A CRL (PEM) signed by `ca`. */
export function issueCrl(ca: IssuedCertificate, options: CrlOptions = {}): string {
  const issuer = issuerOf(ca);
  const thisUpdate = options.thisUpdate ?? new Date();
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: signatureAlgorithm(algorithmOf(ca.privateKeyPem)),
    issuer: issuer.name,
    thisUpdate: new Time(thisUpdate),
    nextUpdate: new Time(options.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY)),
    revokedCertificates: options.revoked?.length
      ? options.revoked.map(
          (r) =>
            new RevokedCertificate({
              userCertificate: new Uint8Array(Buffer.from(r.serialNumber.padStart(2, '0'), 'hex')).buffer,
              revocationDate: new Time(r.revokedAt ?? thisUpdate),
            }),
        )
      : undefined,
  });
  const { signature } = signData(ca.privateKeyPem, new Uint8Array(AsnSerializer.serialize(tbs)));
  const crl = new CertificateList({
    tbsCertList: tbs,
    signatureAlgorithm: tbs.signature,
    signature: new Uint8Array(signature).buffer,
  });
  return toPem(new Uint8Array(AsnSerializer.serialize(crl)), 'X509 CRL');
}

export interface CmsOptions {
  /** sign attributes (contentType, messageDigest) rather than the data itself; default true */
  signedAttributes?: boolean;
  /** carry the signer's certificate in the SignedData; default true */
  includeCertificate?: boolean;
  /** GM/T 0010 content types (1.2.156.10197.6.1.4.2.x) instead of PKCS#7's */
  gmContentTypes?: boolean;
  /** carry the data too (attached) instead of detached */
  attached?: boolean;
}

/**
 * A PKCS#7 / CMS SignedData (DER) over `data` with the key of `signer`, as USB-key middleware makes one: SM3 and
 * SM2 for an SM2 key, SHA-256 otherwise; detached unless said.
 */
export function signCms(signer: IssuedCertificate, data: Uint8Array, options: CmsOptions = {}): Buffer {
  const der = pemBlocks(signer.certificatePem, 'CERTIFICATE')[0];
  const cert = AsnParser.parse(der, Certificate);
  const sm2 = algorithmOf(signer.privateKeyPem) === 'SM2';
  const digestOid = sm2 ? OID.sm3 : OID.sha256;
  const dataType = options.gmContentTypes ? OID.gmData : OID.cmsData;
  let attributes: Attribute[] | undefined;
  let toSign: Uint8Array = data;
  if (options.signedAttributes ?? true) {
    const digest = createHash(sm2 ? 'sm3' : 'sha256')
      .update(data)
      .digest();
    attributes = [
      new Attribute({
        attrType: OID.contentTypeAttr,
        attrValues: [new ObjectIdentifier({ value: dataType }).toBER()],
      }),
      new Attribute({
        attrType: OID.messageDigestAttr,
        attrValues: [AsnSerializer.serialize(new OctetString(new Uint8Array(digest)))],
      }),
    ];
    // the signature covers the attributes as a SET OF
    toSign = new Uint8Array(AsnSerializer.serialize(new SignedAttributesSet(attributes)));
  }
  const { signature } = signData(signer.privateKeyPem, toSign);
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: cert.tbsCertificate.issuer,
        serialNumber: cert.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: digestOid }),
    signedAttrs: attributes,
    signatureAlgorithm: new AlgorithmIdentifier({
      algorithm: sm2 ? OID.sm2Sign : signatureAlgorithm(algorithmOf(signer.privateKeyPem)).algorithm,
    }),
    signature: new OctetString(new Uint8Array(signature)),
  });
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: digestOid })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: dataType,
      eContent: options.attached
        ? new EncapsulatedContent({ single: new OctetString(new Uint8Array(data)) })
        : undefined,
    }),
    certificates:
      (options.includeCertificate ?? true)
        ? new CertificateSet([new CertificateChoices({ certificate: cert })])
        : undefined,
    signerInfos: new SignerInfos([signerInfo]),
  });
  const info = new ContentInfo({
    contentType: options.gmContentTypes ? OID.gmSignedData : OID.cmsSignedData,
    content: AsnSerializer.serialize(signedData),
  });
  return Buffer.from(AsnSerializer.serialize(info));
}

/** SET OF Attribute, to serialize signed attributes the way they are signed */
@AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })
class SignedAttributesSet extends AsnArray<Attribute> {}
