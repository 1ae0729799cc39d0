/** ASN.1 pieces the PKI code shares: PEM blocks, PKCS#8, distinguished names, algorithm OIDs. */
import { AsnProp, AsnPropTypes, AsnSerializer } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name } from '@peculiar/asn1-x509';

/** PKCS#8 PrivateKeyInfo (RFC 5208), enough to read an SM2 key */
export class PrivateKeyInfo {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 0;

  @AsnProp({ type: AlgorithmIdentifier })
  privateKeyAlgorithm = new AlgorithmIdentifier();

  @AsnProp({ type: AsnPropTypes.OctetString })
  privateKey = new ArrayBuffer(0);
}

/** the DER of every `label` PEM block in `text`, in order */
export function pemBlocks(text: string, label: string): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

export const toPem = (der: Uint8Array, label: string): string =>
  `-----BEGIN ${label}-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END ${label}-----\n`;

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  sm2Curve: '1.2.156.10197.1.301',
  sm2Sign: '1.2.156.10197.1.301.1',
  sm3WithSm2: '1.2.156.10197.1.501',
  sm3: '1.2.156.10197.1.401',
  sha256: '2.16.840.1.101.3.4.2.1',
  cmsData: '1.2.840.113549.1.7.1',
  cmsSignedData: '1.2.840.113549.1.7.2',
  /** GM/T 0010 (SM2 PKCS#7) data and signedData */
  gmData: '1.2.156.10197.6.1.4.2.1',
  gmSignedData: '1.2.156.10197.6.1.4.2.2',
  contentTypeAttr: '1.2.840.113549.1.9.3',
  messageDigestAttr: '1.2.840.113549.1.9.4',
};

/** the DER of OBJECT IDENTIFIER 1.2.156.10197.1.301 (the SM2 curve), as EC key parameters, in hex */
export const SM2_CURVE_PARAMS = '06082a811ccf5501822d';

const NAME_LABELS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.4': 'SN',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/**
 * "C=CN, O=…, CN=…" in the certificate's own order; UTF8String, BMPString (UCS-2, common in Chinese CA
 * certificates), PrintableString and IA5String all read as text.
 */
export function nameToString(name: Name): string {
  return name
    .flatMap((rdn) => rdn.map((atv) => `${NAME_LABELS[atv.type] ?? atv.type}=${atv.value.toString()}`))
    .join(', ');
}

/** the DER of a Name: compared byte for byte to link a certificate to its issuer and to its CRL */
export const nameDer = (name: Name): Buffer => Buffer.from(AsnSerializer.serialize(name));
