/**
 * npm run bench:party [-- --runs 200 --warmup 20 --past-days 90 --city <id> --county <id>]
 *
 * Starts the server in-process on the PostgreSQL database of DATABASE_URL (filled by npm run gen:party), and
 * times mobileMemberSummary, mobilityBreakdown (every dimension in turn), dutyCompliance and committeeRollup (the
 * county roll-up by base committee) over real HTTP, one
 * request at a time, for a city-level scope (西宁市) and a county-level scope (城东区) — as an unscoped ANALYST
 * and as an ORG_ADMIN of that scope, as of today (the default) and, for the analyst, as of a past day (--past-days,
 * default 90). Prints p50 / p99 and writes bench/results/party.json.
 *
 * The server is configured exactly as `npm start` would be, from the environment (loadConfig(process.env)); only
 * the JWT secret (the bench signs its own tokens), SEED=none and PORT=0 are set here. Every request is one person
 * (one subject, one IP) asking far more often than the analytics budget (RATE_LIMIT_ANALYTICS) allows a person
 * at a dashboard, so `npm run bench:party` sets RATE_LIMIT_ANALYTICS=off unless the environment gives a value;
 * with a budget too small for the run, the bench stops before the first request and says so.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { addDays, shanghaiDate } from '../../src/common/time';
import { Role } from '../../src/common/viewer';
import { signToken } from '../../src/auth/token';
import { startApp } from '../../src/server/app';

const DIMENSIONS = [
  'DESTINATION_REGION',
  'OUTFLOW_ORGANIZATION',
  'INFLOW_ORGANIZATION',
  'REASON',
  'DEPARTURE_MONTH',
  'STATUS',
];

const QUERIES: Record<string, string> = {
  mobileMemberSummary: `query($scopeId: ID!, $asOf: Date) { mobileMemberSummary(scopeId: $scopeId, asOf: $asOf) {
    outflowActive inflowActive mobileMembers unreported reportedRatePercent contactAssignedRatePercent withOverdueDuties } }`,
  mobilityBreakdown: `query($scopeId: ID!, $by: MobilityDimension!, $asOf: Date) {
    mobilityBreakdown(scopeId: $scopeId, by: $by, asOf: $asOf) { key label count } }`,
  dutyCompliance: `query($scopeId: ID!, $asOf: Date) { dutyCompliance(scopeId: $scopeId, asOf: $asOf) {
    duty { code } applicable fulfilled overdue compliancePercent } }`,
  committeeRollup: `query($scopeId: ID!, $asOf: Date) { committeeRollup(scopeId: $scopeId, asOf: $asOf) {
    committee { id name } outflowActive inflowActive unreported lostContact overdueOutflowDuties overdueInflowDuties
    overdueMemberDuties conversionsDue shouldTransfer } }`,
};

/** nearest-rank percentile */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '200' },
      'past-days': { type: 'string', default: '90' },
      warmup: { type: 'string', default: '20' },
      city: { type: 'string' },
      county: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const pastDay = addDays(shanghaiDate(new Date()), -Number(values['past-days']));
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres'))
    throw new Error('DATABASE_URL must name the PostgreSQL database npm run gen:party filled');

  const pg = new Client({ connectionString: url });
  await pg.connect();
  const scalar = async (sql: string, params: unknown[] = []) => (await pg.query(sql, params)).rows[0];
  const city =
    values.city ?? (await scalar(`select id from party_organization where name = '中共西宁市委员会'`))?.id;
  const county =
    values.county ??
    (await scalar(`select id from party_organization where name = '中共西宁市城东区委员会'`))?.id;
  if (!city || !county)
    throw new Error(
      'no 西宁市 / 城东区 organizations: run npm run gen:party first (or pass --city and --county)',
    );
  const sizes = await scalar(`select
    (select count(*) from party_organization)::int as organizations,
    (select count(*) from party_member)::int as members,
    (select count(*) from mobility_record)::int as mobility_records,
    (select count(*) from mobility_record where active_key is not null)::int as active_records,
    (select count(*) from duty_record)::int as duty_records`);
  const scopeSize = async (id: string) =>
    scalar(
      `select o.name,
        (select count(*) from party_member m where m.formal_path >= o.path and m.formal_path < o.path || 'z')::int as members,
        (select count(*) from mobility_record r where r.active_key is not null and
          ((r.outflow_path >= o.path and r.outflow_path < o.path || 'z') or (r.inflow_path >= o.path and r.inflow_path < o.path || 'z')))::int as active_records
       from party_organization o where o.id = $1`,
      [id],
    );
  const scopes = {
    city: { id: city, ...(await scopeSize(city)) },
    county: { id: county, ...(await scopeSize(county)) },
  };
  const pgVersion = (await scalar('show server_version')).server_version;
  await pg.end();

  const secret = randomBytes(24).toString('hex');
  const config = loadConfig({
    ...process.env,
    JWT_SECRET: secret,
    SEED: 'none',
    PORT: '0',
    DATABASE_URL: url,
  });
  const budget = config.rateLimits.analytics;
  const requests =
    2 * (2 * (warmup + runs) + warmup + Math.max(20, Math.round(runs / 4))) * Object.keys(QUERIES).length;
  if (budget.perSubject > 0 && requests > Math.min(budget.perSubject, budget.perIp || Infinity)) {
    throw new Error(
      `this run sends ${requests} analytics requests as one person; RATE_LIMIT_ANALYTICS allows ` +
        `${budget.perSubject} per ${budget.windowSeconds} s per subject. Run with RATE_LIMIT_ANALYTICS=off ` +
        `(the npm script's default) or a budget of at least ${requests}.`,
    );
  }
  const app = await startApp({ config, workers: false, log: () => undefined });
  try {
    const token = (claims: { roles: Role[]; scopeOrganizationId?: string }) =>
      signToken(secret, { sub: 'bench', ...claims }, 3600).token;
    const viewers: Record<string, (scope: string) => string> = {
      ANALYST: () => token({ roles: [Role.ANALYST] }),
      ORG_ADMIN: (scope) => token({ roles: [Role.ORG_ADMIN], scopeOrganizationId: scope }),
    };
    const ask = async (
      query: string,
      variables: Record<string, unknown>,
      bearer: string,
    ): Promise<number> => {
      const t0 = performance.now();
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      const elapsed = performance.now() - t0;
      if (body.errors) throw new Error(`${JSON.stringify(body.errors)}`);
      return elapsed;
    };

    const results: Record<string, unknown>[] = [];
    console.log(
      `${sizes.members} members, ${sizes.mobility_records} mobility records (${sizes.active_records} active), ` +
        `${sizes.duty_records} duty records, ${sizes.organizations} organizations; PostgreSQL ${pgVersion}`,
    );
    for (const [scopeName, scope] of Object.entries(scopes)) {
      console.log(
        `\n${scopeName}: ${scope.name} — ${scope.members} members, ${scope.active_records} active records`,
      );
      // today (the default asOf: last-met days cached on the records) for both viewers, and a past day
      // (aggregated from duty_record) for the analyst, with fewer runs
      const plans: { viewer: string; asOf: string | null; runs: number }[] = [
        { viewer: 'ANALYST', asOf: null, runs },
        { viewer: 'ORG_ADMIN', asOf: null, runs },
        { viewer: 'ANALYST', asOf: pastDay, runs: Math.max(20, Math.round(runs / 4)) },
      ];
      for (const plan of plans) {
        const bearer = viewers[plan.viewer](scope.id);
        for (const [name, query] of Object.entries(QUERIES)) {
          const variables = (i: number) => ({
            scopeId: scope.id,
            ...(plan.asOf ? { asOf: plan.asOf } : {}),
            ...(name === 'mobilityBreakdown' ? { by: DIMENSIONS[i % DIMENSIONS.length] } : {}),
          });
          for (let i = 0; i < warmup; i++) await ask(query, variables(i), bearer);
          const times: number[] = [];
          for (let i = 0; i < plan.runs; i++) times.push(await ask(query, variables(i), bearer));
          times.sort((a, b) => a - b);
          const row = {
            query: name,
            scope: scopeName,
            scopeName: scope.name,
            viewer: plan.viewer,
            asOf: plan.asOf ?? 'today',
            runs: plan.runs,
            p50Ms: round(percentile(times, 50)),
            p99Ms: round(percentile(times, 99)),
            maxMs: round(times[times.length - 1]),
          };
          results.push(row);
          console.log(
            `  ${plan.viewer.padEnd(9)} ${(plan.asOf ?? 'today').padEnd(10)} ${name.padEnd(20)} ` +
              `p50 ${String(row.p50Ms).padStart(7)} ms   p99 ${String(row.p99Ms).padStart(7)} ms`,
          );
        }
      }
    }
    const out = join(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'party.json'),
      `${JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          node: process.version,
          cpus: cpus().length,
          loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
          postgresql: pgVersion,
          rateLimitAnalytics: budget.perSubject > 0 ? budget : 'off',
          sizes,
          scopes,
          method: `sequential GraphQL requests over HTTP to an in-process server; ${warmup} warm-up and ${runs} timed requests per row; mobilityBreakdown cycles through all ${DIMENSIONS.length} dimensions`,
          results,
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `\nwrote ${join(out, 'party.json')} (load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
