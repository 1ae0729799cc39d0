/**
 * The only reader of process.env. Parsed and checked once; a bad value stops start-up with a message naming it.
 */
import { resolve } from 'node:path';
import { CONFIGURABLE_DUTY_CODES } from './party/duty.catalog';

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

export interface Config {
  port: number;
  database: DatabaseConfig;
  redisUrl?: string;
  jwtSecret: string;
  /** true when JWT_SECRET was not given: a fixed, public secret and demo data; never for production */
  demoMode: boolean;
  production: boolean;
  seed: 'demo' | 'none';
  trustedCaFile?: string;
  depositBankName: string;
  depositAccountName: string;
  lostContactDays: number;
  /** day counts of the party duty catalogue that differ from its defaults (DUTY_DAYS=OUTFLOW_2:60,MEMBER_2:15) */
  dutyDays: Record<string, number>;
  /** introspection and GraphiQL, on by default for the analysts */
  graphiql: boolean;
  introspection: boolean;
}

export class ConfigError extends Error {}

/** The secret used in demo mode. Public on purpose: demo mode is never for real data. */
export const DEMO_JWT_SECRET = 'demo-mode-secret-not-for-production';

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** DUTY_DAYS: comma-separated CODE:days pairs for the duties whose day counts are configurable. */
export function parseDutyDays(raw: string | undefined): Record<string, number> {
  const days: Record<string, number> = {};
  if (!raw) return days;
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Z_0-9]+):(\d{1,4})$/.exec(pair);
    if (!m) throw new ConfigError(`DUTY_DAYS: "${pair}" is not CODE:days, e.g. OUTFLOW_2:60`);
    if (!CONFIGURABLE_DUTY_CODES.includes(m[1])) {
      throw new ConfigError(`DUTY_DAYS: ${m[1]} is not one of ${CONFIGURABLE_DUTY_CODES.join(', ')}`);
    }
    const value = Number(m[2]);
    if (value < 1 || value > 3650)
      throw new ConfigError(`DUTY_DAYS: ${m[1]} must be between 1 and 3650 days`);
    days[m[1]] = value;
  }
  return days;
}

export function parseDatabaseUrl(raw: string, name = 'DATABASE_URL'): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (!path) throw new ConfigError(`${name}: sqlite: needs a file path, e.g. sqlite:data/platform.sqlite`);
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(`${name} is not a valid URL`);
    }
    return { kind: 'postgresql', url: raw };
  }
  throw new ConfigError(
    `${name} must start with postgresql:// or sqlite:, got "${raw.replace(/:[^:@/]*@/, ':***@')}"`,
  );
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET;
  if (production && !jwtSecret) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (jwtSecret !== undefined && jwtSecret.length < 16) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters');
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  const seed = env.SEED || 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new ConfigError(`SEED must be demo or none, got "${seed}"`);
  const demoMode = !jwtSecret;
  const graphiql = boolVar(env, 'GRAPHIQL', true);
  return {
    port: intVar(env, 'PORT', 4000, 0, 65535),
    database: parseDatabaseUrl(env.DATABASE_URL || 'sqlite:data/platform.sqlite'),
    redisUrl,
    jwtSecret: jwtSecret ?? DEMO_JWT_SECRET,
    demoMode,
    production,
    seed,
    trustedCaFile: env.TRUSTED_CA_FILE || undefined,
    depositBankName: env.DEPOSIT_BANK_NAME || '示例银行西宁分行（演示）',
    depositAccountName: env.DEPOSIT_ACCOUNT_NAME || '西宁市公共资源交易中心保证金专户（演示）',
    lostContactDays: intVar(env, 'LOST_CONTACT_DAYS', 180, 1, 3650),
    dutyDays: parseDutyDays(env.DUTY_DAYS),
    graphiql,
    introspection: boolVar(env, 'INTROSPECTION', true),
  };
}
