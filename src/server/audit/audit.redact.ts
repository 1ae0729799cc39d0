/**
 * The arguments of a mutation as the audit trail keeps them: in their GraphQL form (Money as "754180000.00",
 * not fen), with secrets replaced (passwords, signatures, tokens), certificates and CRLs reduced to their SHA-256
 * and length, and long strings and lists cut short.
 */
import { createHash } from 'node:crypto';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';

const SECRET = /password|secret|token|signature|nonce|privatekey/i;
const CERTIFICATE = /certificatepem|pem$|^crl$/i; // and CRLs, which can be megabytes
const MAX_STRING = 200;
const MAX_LIST = 20;
const MAX_DEPTH = 6;

export const REDACTED = '[redacted]';

const cut = (value: string) =>
  value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;

export function summarizeCertificate(pem: string): { sha256: string; length: number } {
  return { sha256: createHash('sha256').update(pem).digest('hex'), length: pem.length };
}

function summarizeValue(value: unknown, type: GraphQLInputType, key: string, depth: number): unknown {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return summarizeValue(value, type.ofType, key, depth);
  if (SECRET.test(key)) return REDACTED;
  if (CERTIFICATE.test(key) && typeof value === 'string') return summarizeCertificate(value);
  if (depth > MAX_DEPTH) return '…';
  if (isListType(type)) {
    const list = Array.isArray(value) ? value : [value];
    const items = list.slice(0, MAX_LIST).map((item) => summarizeValue(item, type.ofType, key, depth + 1));
    return list.length > MAX_LIST ? [...items, `… (${list.length} items)`] : items;
  }
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(type.getFields())) {
      const v = (value as Record<string, unknown>)[name];
      if (v !== undefined) out[name] = summarizeValue(v, field.type, name, depth + 1);
    }
    return out;
  }
  if (isScalarType(type) || isEnumType(type)) {
    let external: unknown;
    try {
      external = type.serialize(value);
    } catch {
      external = String(value);
    }
    return typeof external === 'string' ? cut(external) : external;
  }
  return null;
}

/** The arguments a resolver received, summarized by their GraphQL types. */
export function summarizeArguments(
  definitions: readonly GraphQLArgument[],
  args: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of definitions) {
    if (args[def.name] !== undefined) out[def.name] = summarizeValue(args[def.name], def.type, def.name, 0);
  }
  return out;
}

/** Raw JSON (variables of a request refused before it ran), with the same secrets hidden. */
export function summarizeRaw(value: unknown, key = '', depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (SECRET.test(key)) return REDACTED;
  if (CERTIFICATE.test(key) && typeof value === 'string') return summarizeCertificate(value);
  if (depth > MAX_DEPTH) return '…';
  if (typeof value === 'string') return cut(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LIST).map((item) => summarizeRaw(item, key, depth + 1));
    return value.length > MAX_LIST ? [...items, `… (${value.length} items)`] : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 50))
      out[k] = summarizeRaw(v, k, depth + 1);
    return out;
  }
  return null;
}
