/**
 * npm run account -- --create <username> --role ROLE [--role …] [--scope ORG_ID]
 * npm run account -- --reset <username>
 * Creates a staff account, or sets a new password and lifts a lock, in DATABASE_URL's database; prints the
 * new random password once (only its hash is stored).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { systemClock } from '../common/clock';
import { DomainError } from '../common/errors';
import { Role } from '../common/viewer';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/orm';
import { allEntities } from '../server/modules';
import { randomPassword } from '../auth/password';
import { createStaffAccount, resetStaffPassword } from '../auth/staff-account.service';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      create: { type: 'string' },
      reset: { type: 'string' },
      role: { type: 'string', multiple: true },
      scope: { type: 'string' },
    },
  });
  if (!values.create === !values.reset)
    throw new ConfigError('give either --create <username> or --reset <username>');
  const known = new Set<string>(Object.values(Role));
  const roles = values.role ?? [];
  if (values.create && (roles.length === 0 || roles.some((r) => !known.has(r))))
    throw new ConfigError(`--role is required, one or more of ${[...known].join(', ')}`);
  const config = loadConfig();
  const orm = await openDatabase(config.database, allEntities());
  try {
    const password = randomPassword();
    const em = orm.em.fork();
    if (values.create) {
      const account = await createStaffAccount(em, systemClock, {
        username: values.create,
        password,
        roles: roles as Role[],
        scopeOrganizationId: values.scope,
      });
      console.error(
        `created ${account.username} (${account.roles.join(', ')}); the password, shown this once:`,
      );
    } else {
      await resetStaffPassword(em, values.reset!, password);
      console.error(`new password for ${values.reset}, shown this once:`);
    }
    console.log(password);
  } finally {
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
  process.exit(2);
});
