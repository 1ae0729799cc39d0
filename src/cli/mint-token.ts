/**
 * npm run token -- --role TRADING_CENTER [--role …] [--scope ID] [--bidder ID] [--member ID] [--sub NAME] [--hours N]
 * Mints a JWT from JWT_SECRET (the demo secret in demo mode) for operators.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { Role } from '../common/viewer';
import { signToken } from '../auth/token';
import { toShanghaiIso } from '../common/time';

function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      scope: { type: 'string' },
      bidder: { type: 'string' },
      member: { type: 'string' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '8' },
    },
  });
  const roles = values.role ?? [];
  const known = new Set<string>(Object.values(Role));
  if (roles.length === 0 || roles.some((r) => !known.has(r))) {
    throw new ConfigError(`--role is required, one or more of ${[...known].join(', ')}`);
  }
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
    throw new ConfigError('--hours must be between 0 and 720');
  const config = loadConfig();
  if (config.demoMode) console.error('(demo mode: signed with the public demo secret)');
  const { token, expiresAt } = signToken(
    config.jwtSecret,
    {
      sub: values.sub ?? `operator:${roles.join('+').toLowerCase()}`,
      roles: roles as Role[],
      scopeOrganizationId: values.scope,
      bidderId: values.bidder,
      memberId: values.member,
    },
    Math.round(hours * 3600),
  );
  console.error(`expires ${toShanghaiIso(expiresAt)}`); // as the API and the logs write times
  console.log(token);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
