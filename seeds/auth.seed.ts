import type { SeedContext } from '../src/common/module';
import { Role } from '../src/common/viewer';
import { randomPassword, StaffAccount, createStaffAccount } from '../src/auth';

/** One unscoped account per staff role, for trying the platform out. */
export const DEMO_ACCOUNTS: { username: string; roles: Role[] }[] = [
  { username: 'demo-trading-center', roles: [Role.TRADING_CENTER] },
  { username: 'demo-land-bureau', roles: [Role.LAND_BUREAU] },
  { username: 'demo-bank', roles: [Role.BANK] },
  { username: 'demo-org-department', roles: [Role.ORG_DEPARTMENT] },
  { username: 'demo-analyst', roles: [Role.ANALYST] },
];

/**
 * Demo mode only: creates the demo accounts that are missing, each with a random password printed once, now.
 * Only the hash is stored, so later starts list the usernames and say where the passwords went. Demo accounts
 * cannot sign in once the server runs with a real JWT_SECRET.
 */
export async function seedDemoAccounts(ctx: SeedContext): Promise<void> {
  if (!ctx.config.demoMode) return;
  const em = ctx.em.fork();
  const existing = new Set(
    (await em.find(StaffAccount, { username: { $in: DEMO_ACCOUNTS.map((a) => a.username) } })).map(
      (a) => a.username,
    ),
  );
  const created: string[] = [];
  for (const demo of DEMO_ACCOUNTS) {
    if (existing.has(demo.username)) continue;
    const password = randomPassword();
    await createStaffAccount(em, ctx.clock, { ...demo, password }, { demo: true });
    created.push(`  ${demo.username.padEnd(22)} ${password}   (${demo.roles.join(', ')})`);
  }
  if (created.length) {
    ctx.log(
      `DEMO MODE: demo staff accounts created; sign in with mutation signIn(username, password). ` +
        `The passwords are shown this once:\n${created.join('\n')}`,
    );
  }
  if (existing.size) {
    ctx.log(
      `DEMO MODE: demo staff accounts ${[...existing].join(', ')} (their passwords were printed when they were created; ` +
        `npm run account -- --reset <username> sets a new one)`,
    );
  }
}
