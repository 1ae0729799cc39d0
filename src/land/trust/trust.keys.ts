/**
 * The server's Ed25519 signing keys for bid receipts and signed log heads, and compact JWS (RFC 7515, EdDSA
 * as RFC 8037) over them — node:crypto only.
 *
 * Keys come from RECEIPT_SIGNING_KEY_FILE: a JWK set (`{"keys": [{"kty":"OKP","crv":"Ed25519","d":…,"x":…,
 * "kid":…}, …]}`) or PEM private keys one after another. The FIRST key signs; every key verifies, so rotating
 * is: put a new key first, keep the old ones after it (GET /.well-known/jwks.json then lists them all, and a
 * receipt keeps verifying for as long as its key stays in the file). A PEM key's kid is its RFC 7638 thumbprint.
 * In demo mode a missing file is created with one fresh key; with no file named, a key is generated in memory
 * for this process (its receipts stop verifying when it stops; outside demo mode that is logged as a warning).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../config';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export interface Keyring {
  /** the key that signs (the file's first) */
  signer: SigningKey;
  /** every key, signer first: all verify */
  keys: SigningKey[];
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** RFC 7638 thumbprint of an Ed25519 public key. */
function thumbprint(x: string): string {
  return b64url(createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest());
}

function keyOf(privateKey: KeyObject, kid?: string): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('receipt signing keys must be Ed25519');
  const x = (createPublicKey(privateKey).export({ format: 'jwk' }) as JsonWebKey).x!;
  const id = kid || thumbprint(x);
  return {
    kid: id,
    privateKey,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid: id, alg: 'EdDSA', use: 'sig' },
  };
}

/** Parses a key file's text: a JWK set or a list of PEM private keys. */
export function parseKeyFile(text: string): SigningKey[] {
  const trimmed = text.trim();
  let keys: SigningKey[];
  if (trimmed.startsWith('{')) {
    const set = JSON.parse(trimmed) as { keys?: (JsonWebKey & { kid?: string })[] };
    if (!Array.isArray(set.keys)) throw new Error('a JWK set has a "keys" array');
    keys = set.keys.map((jwk) => keyOf(createPrivateKey({ key: jwk, format: 'jwk' }), jwk.kid));
  } else {
    const pems = trimmed.match(/-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g) ?? [];
    keys = pems.map((pem) => keyOf(createPrivateKey(pem)));
  }
  if (!keys.length) throw new Error('no Ed25519 private key found');
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new Error('two keys share a kid');
  return keys;
}

/** A fresh private JWK (with its thumbprint as kid), as a key file holds it. */
export function newPrivateJwk(): JsonWebKey & { kid: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey;
  return { ...jwk, kid: thumbprint(jwk.x!) };
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Reads (or, as the heading says, creates) the keys the configuration names. */
export function loadKeyring(config: Pick<Config, 'receipts' | 'demoMode'>, log?: Log): Keyring {
  const file = config.receipts.keyFile;
  let keys: SigningKey[];
  if (file && existsSync(file)) {
    try {
      keys = parseKeyFile(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`RECEIPT_SIGNING_KEY_FILE ${file}: ${(error as Error).message}`);
    }
  } else if (file) {
    if (!config.demoMode) throw new Error(`RECEIPT_SIGNING_KEY_FILE ${file} does not exist`);
    const jwk = newPrivateJwk();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ keys: [jwk] }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    keys = parseKeyFile(readFileSync(file, 'utf8'));
    log?.info({ file, kid: keys[0].kid }, 'demo mode: generated a receipt signing key (not for production)');
  } else {
    keys = [keyOf(generateKeyPairSync('ed25519').privateKey)];
    const message =
      'receipt signing key generated in memory: receipts stop verifying when this process stops';
    if (config.demoMode) log?.info({ kid: keys[0].kid }, `demo mode: ${message}`);
    else log?.warn({ kid: keys[0].kid }, `${message}; set RECEIPT_SIGNING_KEY_FILE`);
  }
  return { signer: keys[0], keys };
}

let active: Keyring | null = null;

/** The keys of this process (startApp installs them; a bare service call gets an in-memory key). */
export function keyring(): Keyring {
  return (active ??= loadKeyring({ receipts: { enabled: true }, demoMode: true }));
}

export function installKeyring(keys: Keyring): void {
  active = keys;
}

/** GET /.well-known/jwks.json */
export const jwks = (): { keys: PublicJwk[] } => ({ keys: keyring().keys.map((k) => k.publicJwk) });

/** Compact JWS over `payload` (JSON), signed by the signer; deterministic: the same key and payload, the same bytes. */
export function signJws(payload: object, keys: Keyring = keyring()): string {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', kid: keys.signer.kid, typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign(null, Buffer.from(`${header}.${body}`), keys.signer.privateKey);
  return `${header}.${body}.${b64url(signature)}`;
}

export type JwsCheck<T> = { ok: true; kid: string; payload: T } | { ok: false; reason: string };

/** Verifies a compact JWS against a JWK set (public keys); node:crypto. */
export function verifyJws<T = Record<string, unknown>>(
  jws: string,
  set: { keys: { kid?: string; kty?: string; crv?: string; x?: string }[] },
): JwsCheck<T> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  let header: { alg?: string; kid?: string };
  let payload: T;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'header or payload is not base64url JSON' };
  }
  if (header.alg !== 'EdDSA') return { ok: false, reason: `alg ${header.alg} is not EdDSA` };
  const jwk = set.keys.find((k) => k.kid === header.kid);
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x)
    return { ok: false, reason: `no Ed25519 key ${header.kid} in the JWK set` };
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  const good = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
  return good ? { ok: true, kid: header.kid!, payload } : { ok: false, reason: 'bad signature' };
}
