/**
 * The only reader of process.env. Parsed and checked once; a bad value stops start-up with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string };

/** Where uploaded files live: a directory (STORAGE_DIR) or chunks in the database (several instances, no shared disk). */
export type StorageConfig = { kind: 'directory'; dir: string } | { kind: 'database' };

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
  /** what a CRL past its next update does to the certificates it covers: refuse them, or log and accept (default) */
  staleCrlPolicy: 'refuse' | 'warn';
  depositBankName: string;
  depositAccountName: string;
  lostContactDays: number;
  /** 督促 (src/party/reminder/): the daily job, and its day counts */
  reminders: {
    /** REMINDER_JOB: run the daily job in this instance (exactly once a day across instances); tests turn it off */
    job: boolean;
    /** UNREPORTED_REMINDER_DAYS: an outflow not reported this many days after departure opens a reminder */
    unreportedDays: number;
    /** REMINDER_DUE_SOON_DAYS: a duty falling due within this many days opens a reminder */
    dueSoonDays: number;
  };
  /** TRANSFER_SUGGEST_MONTHS: 应转尽转 — a record reported to one inflow organization this long should transfer */
  transferSuggestMonths: number;
  /** day counts of the party duty catalogue that differ from its defaults (DUTY_DAYS=OUTFLOW_2:60,MEMBER_2:15) */
  dutyDays: Record<string, number>;
  /** introspection and GraphiQL, on by default for the analysts */
  graphiql: boolean;
  introspection: boolean;
  /** what one request may ask for (src/server/http/limits.ts) */
  limits: QueryLimits;
  /** requests per window, per subject and per IP, for each rate-limited operation (src/common/request/rate-limit.ts) */
  rateLimits: Record<RateLimitBucket, RateLimitRule>;
  /** Express's "trust proxy": false, or how many proxies in front of the server may set X-Forwarded-For */
  trustProxyHops: number;
  /** the WebSocket endpoint's connection policy (src/server/ws/connections.ts) */
  ws: WsConfig;
  /** trusted documents (src/server/http/trusted-documents.ts) */
  trustedDocuments: TrustedDocumentsConfig;
  /** STORAGE (directory | database): the database with PostgreSQL, else the directory STORAGE_DIR */
  storage: StorageConfig;
  /** MAX_UPLOAD_BYTES: the largest uploaded document (default 50 MiB) */
  maxUploadBytes: number;
  /** SHUTDOWN_GRACE_MS: how long in-flight HTTP requests may run on after SIGTERM before their sockets are cut */
  shutdownGraceMs: number;
  /**
   * HEAP_GROWTH_PERCENT: after each full garbage collection the JavaScript heap may grow this much over what is
   * live before the next one (src/server/memory.ts); 0 leaves it to V8, which lets a busy server's heap reach 4×
   */
  heapGrowthPercent: number;
  /** METRICS_TOKEN: GET /metrics wants it as a bearer token; in production, without it, there is no /metrics */
  metricsToken?: string;
  /** LOG_LEVEL (pino: fatal, error, warn, info, debug, trace; debug adds a line for every request) */
  logLevel: string;
  /** LOG_FORMAT: json (one object per line; the default in production) or text (the same, for a person) */
  logFormat: 'json' | 'text';
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where spans go over OTLP/HTTP; none: no tracing */
  otlpEndpoint?: string;
  /** signed bid receipts and the hash-chained auction log (src/land/trust/) */
  receipts: ReceiptsConfig;
}

export interface ReceiptsConfig {
  /**
   * AUCTION_RECEIPTS (on | off, default on): off leaves new auction events unchained and placeBid without a
   * receipt — only for the bid benchmark's comparison (bench/bids), never for real auctions
   */
  enabled: boolean;
  /**
   * RECEIPT_SIGNING_KEY_FILE: the Ed25519 signing keys, a JWK set ({"keys": [...]}, private JWKs with `kid`)
   * or PEM private keys one after another; the first signs, all verify. Required with NODE_ENV=production. Only
   * in demo mode is a missing file created with a fresh key; elsewhere, without a file, a key lives in memory for
   * this process (a warning outside demo mode)
   */
  keyFile?: string;
}

export interface TrustedDocumentsConfig {
  /**
   * off: no persisted ids; accept: the manifest's ids are accepted (ad-hoc documents too); enforce: anonymous
   * viewers and bidders run only the manifest's documents (and the live page's), other roles anything
   */
  mode: 'off' | 'accept' | 'enforce';
  /** @land-party/client's persisted-operations.json (apollo-persisted-query-manifest format) */
  manifestFile: string;
}

export interface QueryLimits {
  /** deepest field nesting of an operation (fragments expanded) */
  maxDepth: number;
  /** graphql-query-complexity score: 1 per field, list fields times their page size */
  maxComplexity: number;
  /** aliased fields in an operation (fragments expanded) */
  maxAliases: number;
  /** fields selected at the root of an operation (fragments expanded) */
  maxRootFields: number;
  /** field selections in an operation (fragments expanded) */
  maxFields: number;
  /** lexical tokens in a document (bounds parsing and validation work) */
  maxTokens: number;
  /** largest request body */
  maxBodyBytes: number;
  /** operations in one batched HTTP request; 0 refuses batched requests */
  maxBatchSize: number;
}

export type RateLimitBucket = 'signIn' | 'placeBid' | 'analytics';

/** at most `limit` requests per `windowSeconds`, counted separately per subject and per IP */
export interface RateLimitRule {
  perSubject: number;
  perIp: number;
  windowSeconds: number;
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

function staleCrlPolicy(raw: string | undefined): 'refuse' | 'warn' {
  const value = raw || 'warn';
  if (value !== 'refuse' && value !== 'warn')
    throw new ConfigError(`STALE_CRL_POLICY must be refuse or warn, got "${value}"`);
  return value;
}

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

/** "<perSubject>/<perIp>/<windowSeconds>", e.g. "10/30/60"; "off" turns a bucket off */
function rateVar(env: Env, name: string, fallback: RateLimitRule): RateLimitRule {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^off$/i.test(raw)) return { perSubject: 0, perIp: 0, windowSeconds: fallback.windowSeconds };
  const m = /^(\d{1,6})\/(\d{1,6})\/(\d{1,6})$/.exec(raw);
  if (!m || Number(m[3]) < 1)
    throw new ConfigError(
      `${name} must be <per subject>/<per IP>/<window seconds> (e.g. "10/30/60") or off, got "${raw}"`,
    );
  return { perSubject: Number(m[1]), perIp: Number(m[2]), windowSeconds: Number(m[3]) };
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * DUTY_DAYS: comma-separated CODE:days pairs for the duties whose day counts are configurable. Which codes
 * those are is the party domain's knowledge: it checks them at start-up (checkDutyDays, through its module's
 * checkConfig), so a wrong code still stops the server before it listens.
 */
export function parseDutyDays(raw: string | undefined): Record<string, number> {
  const days: Record<string, number> = {};
  if (!raw) return days;
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Z_0-9]+):(\d{1,4})$/.exec(pair);
    if (!m) throw new ConfigError(`DUTY_DAYS: "${pair}" is not CODE:days, e.g. OUTFLOW_2:60`);
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

export function parseStorage(env: Env, database: DatabaseConfig): StorageConfig {
  const kind = env.STORAGE || (database.kind === 'postgresql' ? 'database' : 'directory');
  if (kind === 'database') return { kind };
  if (kind !== 'directory') throw new ConfigError(`STORAGE must be directory or database, got "${kind}"`);
  return { kind, dir: resolve(env.STORAGE_DIR || 'data/documents') };
}

/** JWT_SECRET, or the first line of the file JWT_SECRET_FILE names (so the secret outlives one shell). */
function jwtSecretOf(env: Env): string | undefined {
  if (env.JWT_SECRET && env.JWT_SECRET_FILE)
    throw new ConfigError('set JWT_SECRET or JWT_SECRET_FILE, not both');
  if (!env.JWT_SECRET_FILE) return env.JWT_SECRET;
  let text: string;
  try {
    text = readFileSync(env.JWT_SECRET_FILE, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `JWT_SECRET_FILE: cannot read ${env.JWT_SECRET_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return text.split(/\r?\n/)[0].trim();
}

function choiceVar<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

function otlpEndpointOf(env: Env): string | undefined {
  const raw = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (raw === undefined) return undefined;
  try {
    if (!/^https?:$/.test(new URL(raw).protocol)) throw new Error();
  } catch {
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

function metricsTokenOf(env: Env): string | undefined {
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16)
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return token;
}

function receiptsOf(env: Env, production: boolean): ReceiptsConfig {
  const mode = env.AUCTION_RECEIPTS || 'on';
  if (mode !== 'on' && mode !== 'off')
    throw new ConfigError(`AUCTION_RECEIPTS must be on or off, got "${mode}"`);
  const keyFile = env.RECEIPT_SIGNING_KEY_FILE ? resolve(env.RECEIPT_SIGNING_KEY_FILE) : undefined;
  // a key that dies with the process would leave every receipt it signed unverifiable
  if (production && mode === 'on' && !keyFile)
    throw new ConfigError(
      'RECEIPT_SIGNING_KEY_FILE is required when NODE_ENV=production (make one with npm run receipt-key -- <file>)',
    );
  return { enabled: mode === 'on', keyFile };
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = jwtSecretOf(env);
  if (production && !jwtSecret)
    throw new ConfigError('JWT_SECRET (or JWT_SECRET_FILE) is required when NODE_ENV=production');
  if (jwtSecret !== undefined && jwtSecret.length < 16) {
    throw new ConfigError(
      `${env.JWT_SECRET_FILE ? 'JWT_SECRET_FILE' : 'JWT_SECRET'} must hold at least 16 characters`,
    );
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  const seed = env.SEED || 'demo';
  if (seed !== 'demo' && seed !== 'none') throw new ConfigError(`SEED must be demo or none, got "${seed}"`);
  const demoMode = !jwtSecret;
  const graphiql = boolVar(env, 'GRAPHIQL', true);
  const trustedMode = env.TRUSTED_DOCUMENTS || 'off';
  if (trustedMode !== 'off' && trustedMode !== 'accept' && trustedMode !== 'enforce') {
    throw new ConfigError(`TRUSTED_DOCUMENTS must be off, accept or enforce, got "${trustedMode}"`);
  }
  const database = parseDatabaseUrl(env.DATABASE_URL || 'sqlite:data/platform.sqlite');
  return {
    port: intVar(env, 'PORT', 4000, 0, 65535),
    database,
    storage: parseStorage(env, database),
    maxUploadBytes: intVar(env, 'MAX_UPLOAD_BYTES', 50 * 1_048_576, 1, 4 * 1_073_741_824),
    redisUrl,
    jwtSecret: jwtSecret ?? DEMO_JWT_SECRET,
    demoMode,
    production,
    seed,
    trustedCaFile: env.TRUSTED_CA_FILE || undefined,
    staleCrlPolicy: staleCrlPolicy(env.STALE_CRL_POLICY),
    depositBankName: env.DEPOSIT_BANK_NAME || '示例银行西宁分行（演示）',
    depositAccountName: env.DEPOSIT_ACCOUNT_NAME || '西宁市公共资源交易中心保证金专户（演示）',
    lostContactDays: intVar(env, 'LOST_CONTACT_DAYS', 180, 1, 3650),
    reminders: {
      job: boolVar(env, 'REMINDER_JOB', true),
      unreportedDays: intVar(env, 'UNREPORTED_REMINDER_DAYS', 30, 1, 3650),
      dueSoonDays: intVar(env, 'REMINDER_DUE_SOON_DAYS', 7, 0, 365),
    },
    transferSuggestMonths: intVar(env, 'TRANSFER_SUGGEST_MONTHS', 12, 1, 240),
    dutyDays: parseDutyDays(env.DUTY_DAYS),
    graphiql,
    introspection: boolVar(env, 'INTROSPECTION', true),
    limits: {
      maxDepth: intVar(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
      maxComplexity: intVar(env, 'MAX_QUERY_COMPLEXITY', 10_000, 10, 10_000_000),
      maxAliases: intVar(env, 'MAX_QUERY_ALIASES', 30, 0, 10_000),
      maxRootFields: intVar(env, 'MAX_QUERY_ROOT_FIELDS', 20, 1, 10_000),
      maxFields: intVar(env, 'MAX_QUERY_FIELDS', 500, 10, 100_000),
      maxTokens: intVar(env, 'MAX_QUERY_TOKENS', 5000, 100, 1_000_000),
      maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      maxBatchSize: intVar(env, 'MAX_BATCH_SIZE', 0, 0, 100),
    },
    rateLimits: {
      signIn: rateVar(env, 'RATE_LIMIT_SIGN_IN', { perSubject: 10, perIp: 30, windowSeconds: 60 }),
      placeBid: rateVar(env, 'RATE_LIMIT_PLACE_BID', { perSubject: 20, perIp: 200, windowSeconds: 10 }),
      // a person on a dashboard: 8 panels (summary, six breakdowns, compliance) refreshed 15 times a minute
      analytics: rateVar(env, 'RATE_LIMIT_ANALYTICS', { perSubject: 120, perIp: 240, windowSeconds: 60 }),
    },
    trustProxyHops: intVar(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    ws: {
      keepAliveMs: intVar(env, 'WS_KEEPALIVE_MS', 12_000, 0, 3_600_000),
      connectionInitWaitTimeoutMs: intVar(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 3_000, 100, 600_000),
      maxSubscriptionsPerConnection: intVar(env, 'WS_MAX_SUBSCRIPTIONS', 20, 1, 10_000),
      maxBufferedBytes: intVar(env, 'WS_MAX_BUFFERED_BYTES', 1_048_576, 1024, 1_073_741_824),
    },
    trustedDocuments: {
      mode: trustedMode,
      manifestFile: resolve(env.TRUSTED_DOCUMENTS_MANIFEST || 'packages/client/persisted-operations.json'),
    },
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 5_000, 0, 600_000),
    heapGrowthPercent: intVar(env, 'HEAP_GROWTH_PERCENT', 30, 0, 400),
    metricsToken: metricsTokenOf(env),
    logLevel: choiceVar(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    logFormat: choiceVar(env, 'LOG_FORMAT', ['json', 'text'] as const, production ? 'json' : 'text'),
    otlpEndpoint: otlpEndpointOf(env),
    receipts: receiptsOf(env, production),
  };
}
