/**
 * The only reader of process.env. Parsed and checked once; a bad value stops start-up with a message naming it.
 */
import { resolve } from 'node:path';

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
  /** introspection and GraphiQL, on by default for the analysts */
  graphiql: boolean;
  introspection: boolean;
  /** the WebSocket endpoint's connection policy (src/server/live/connections.ts) */
  ws: WsConfig;
}

export interface WsConfig {
  /** WS_KEEPALIVE_MS: server ping interval; a socket silent for a whole interval is dropped (0: off) */
  keepAliveMs: number;
  /** WS_CONNECTION_INIT_TIMEOUT_MS: time allowed for connection_init */
  connectionInitWaitTimeoutMs: number;
  /** WS_MAX_SUBSCRIPTIONS: operations at once per connection */
  maxSubscriptionsPerConnection: number;
  /** WS_MAX_BUFFERED_BYTES: unsent bytes per socket before it is closed as a slow consumer (4008) */
  maxBufferedBytes: number;
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
    graphiql,
    introspection: boolVar(env, 'INTROSPECTION', true),
    ws: {
      keepAliveMs: intVar(env, 'WS_KEEPALIVE_MS', 12_000, 0, 3_600_000),
      connectionInitWaitTimeoutMs: intVar(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 3_000, 100, 600_000),
      maxSubscriptionsPerConnection: intVar(env, 'WS_MAX_SUBSCRIPTIONS', 20, 1, 10_000),
      maxBufferedBytes: intVar(env, 'WS_MAX_BUFFERED_BYTES', 1_048_576, 1024, 1_073_741_824),
    },
  };
}
