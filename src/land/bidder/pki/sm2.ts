/**
 * SM2 signatures with SM3 (GM/T 0003, GM/T 0009 / GB/T 35276): e = SM3(Z ‖ M), where
 * Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) binds the signer's public key and distinguishing ID.
 * node:crypto (OpenSSL 3.0) hashes with SM3 but signs and verifies SM2 with an empty ID only, while CAs and USB keys
 * use the standard ID 1234567812345678; so Z is computed here and the curve arithmetic is @noble/curves'.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { weierstrassN, DER } from '@noble/curves/abstract/weierstrass';
import { invert, mod } from '@noble/curves/abstract/modular';
import { AsnParser } from '@peculiar/asn1-schema';
import { ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from './asn1';

/** the distinguishing ID of GM/T 0009 (user ID), used unless a certificate says otherwise */
export const SM2_DEFAULT_ID = '1234567812345678';
/** 1.2.156.10197.1.301: the SM2 curve (sm2p256v1) */
export const SM2_CURVE_OID = '1.2.156.10197.1.301';
/** 1.2.156.10197.1.501: SM3withSM2 */
export const SM3_WITH_SM2_OID = '1.2.156.10197.1.501';

const curve = {
  p: BigInt('0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff'),
  a: BigInt('0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc'),
  b: BigInt('0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93'),
  n: BigInt('0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123'),
  h: BigInt(1),
  Gx: BigInt('0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7'),
  Gy: BigInt('0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0'),
};
const Point = weierstrassN(curve);
// a table of multiples of G (computed on first use): s·G in every verification, k·G in every signature
Point.BASE.precompute(8);
type Sm2Point = InstanceType<typeof Point>;

export interface Sm2Signature {
  r: bigint;
  s: bigint;
}

const bytes32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
const toBigInt = (b: Uint8Array) => (b.length ? BigInt(`0x${Buffer.from(b).toString('hex')}`) : 0n);
const sm3 = (...parts: Uint8Array[]) => {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** An uncompressed (04 ‖ x ‖ y) or compressed SEC1 point on the SM2 curve; throws when it is not one. */
export function sm2PublicKey(sec1: Uint8Array): Sm2Point {
  const point = Point.fromBytes(sec1);
  point.assertValidity();
  return point;
}

/** Z of GM/T 0009 for a public key and distinguishing ID (the empty ID is allowed here, for tests only) */
export function sm2Z(publicKey: Sm2Point, id: string | Uint8Array = SM2_DEFAULT_ID): Buffer {
  const idBytes = typeof id === 'string' ? Buffer.from(id, 'utf8') : Buffer.from(id);
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(idBytes.length * 8);
  const { x, y } = publicKey.toAffine();
  return sm3(
    entl,
    idBytes,
    bytes32(curve.a),
    bytes32(curve.b),
    bytes32(curve.Gx),
    bytes32(curve.Gy),
    bytes32(x),
    bytes32(y),
  );
}

const digest = (publicKey: Sm2Point, message: Uint8Array, id?: string | Uint8Array) =>
  toBigInt(sm3(sm2Z(publicKey, id), message));

/** SM3withSM2 verification (GM/T 0003.2 §7): true when (r, s) signs `message` for `publicKey` and `id`. */
export function sm2Verify(
  publicKey: Sm2Point,
  message: Uint8Array,
  { r, s }: Sm2Signature,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): boolean {
  const { n } = curve;
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = mod(r + s, n);
  if (t === 0n) return false;
  const sum = Point.BASE.multiply(s).add(publicKey.multiplyUnsafe(t));
  if (sum.is0()) return false;
  return mod(digest(publicKey, message, id) + sum.toAffine().x, n) === r;
}

/** SM3withSM2 signing (GM/T 0003.2 §6) with a random k. */
export function sm2Sign(
  privateKey: bigint,
  message: Uint8Array,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): Sm2Signature {
  const { n } = curve;
  const publicKey = Point.BASE.multiply(privateKey);
  const e = digest(publicKey, message, id);
  const dInverse = invert(1n + privateKey, n);
  for (;;) {
    const k = mod(toBigInt(randomBytes(40)), n - 1n) + 1n;
    const r = mod(e + Point.BASE.multiply(k).toAffine().x, n);
    if (r === 0n || r + k === n) continue;
    const s = mod(dInverse * (k - r * privateKey), n);
    if (s !== 0n) return { r, s };
  }
}

/** DER SEQUENCE { r INTEGER, s INTEGER } (what certificates, CMS and most tools carry) */
export const sm2SignatureToDer = (signature: Sm2Signature): Buffer =>
  Buffer.from(DER.hexFromSig(signature), 'hex');

export function sm2SignatureFromDer(der: Uint8Array): Sm2Signature {
  const { r, s } = DER.toSig(der);
  return { r, s };
}

/** raw r ‖ s, 32 bytes each (what some USB-key middleware returns) */
export const sm2SignatureToRaw = ({ r, s }: Sm2Signature): Buffer => Buffer.concat([bytes32(r), bytes32(s)]);

export const sm2SignatureFromRaw = (raw: Uint8Array): Sm2Signature => ({
  r: toBigInt(raw.subarray(0, 32)),
  s: toBigInt(raw.subarray(32, 64)),
});

export interface Sm2KeyPair {
  privateKey: bigint;
  /** uncompressed SEC1 point */
  publicKey: Buffer;
  /** PKCS#8 PEM (as OpenSSL writes it: id-ecPublicKey on the SM2 curve) */
  privateKeyPem: string;
}

/** A new SM2 key pair; OpenSSL generates it, so its PEM also works with the openssl CLI. */
export function generateSm2KeyPair(): Sm2KeyPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return sm2KeyPairFromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
}

/** Reads a PKCS#8 PEM SM2 private key. */
export function sm2KeyPairFromPem(privateKeyPem: string): Sm2KeyPair {
  const der = Buffer.from(privateKeyPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const info = AsnParser.parse(der, PrivateKeyInfo);
  const ec = AsnParser.parse(info.privateKey, ECPrivateKey);
  const privateKey = toBigInt(new Uint8Array(ec.privateKey.buffer));
  return {
    privateKey,
    publicKey: Buffer.from(Point.BASE.multiply(privateKey).toBytes(false)),
    privateKeyPem,
  };
}
