/** Staff sign-in rules: usernames, which roles a staff account may hold, and lock-out. Pure. */
import { badInput } from '../common/errors';
import { Role } from '../common/viewer';

/** 5 consecutive failures lock an account for 15 minutes (judged on the server's clock). */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}
export const LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60 * 1000 };

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export interface SignInDecision {
  allowed: boolean;
  /** the state to store; equal to the old one when nothing changes (a locked account stays as it was) */
  next: LockoutState;
}

/**
 * Whether a sign-in with a password that does or does not match is let in, and the lock-out state after it.
 * A locked account is refused even with the right password, and the attempt does not extend the lock; once the
 * lock has run out the count starts again.
 */
export function decideSignIn(
  state: LockoutState,
  passwordMatches: boolean,
  now: Date,
  policy: LockoutPolicy = LOCKOUT,
): SignInDecision {
  if (state.lockedUntil && now.getTime() < state.lockedUntil.getTime())
    return { allowed: false, next: state };
  const failures = state.lockedUntil ? 0 : state.failedAttempts;
  if (passwordMatches) return { allowed: true, next: { failedAttempts: 0, lockedUntil: null } };
  const failedAttempts = failures + 1;
  return {
    allowed: false,
    next: {
      failedAttempts,
      lockedUntil: failedAttempts >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null,
    },
  };
}

export const sameLockoutState = (a: LockoutState, b: LockoutState): boolean =>
  a.failedAttempts === b.failedAttempts &&
  (a.lockedUntil?.getTime() ?? null) === (b.lockedUntil?.getTime() ?? null);

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Usernames are compared case-insensitively and stored lower-case; null when it cannot be one. */
export function normalizeUsername(raw: string): string | null {
  const name = raw.trim().normalize('NFKC').toLowerCase();
  return USERNAME.test(name) ? name : null;
}

/** Roles a password account may hold: bidders sign in with certificates, and members are not staff. */
export const STAFF_ROLES: readonly Role[] = [
  Role.TRADING_CENTER,
  Role.LAND_BUREAU,
  Role.BANK,
  Role.ORG_ADMIN,
  Role.ORG_DEPARTMENT,
  Role.ANALYST,
];
const SCOPED_ROLES: readonly Role[] = [Role.ORG_ADMIN, Role.ORG_DEPARTMENT, Role.ANALYST];
export const MIN_PASSWORD_LENGTH = 12;

export interface NewStaffAccount {
  username: string;
  password: string;
  roles: Role[];
  scopeOrganizationId?: string | null;
}

/** Checks a new account (or a new password) before it is stored. */
export function validateNewAccount(input: NewStaffAccount): NewStaffAccount & { username: string } {
  const username = normalizeUsername(input.username);
  if (!username)
    throw badInput(
      'username: 2 to 64 of a-z, 0-9, dot, dash or underscore, starting with a letter or digit',
      {
        field: 'username',
      },
    );
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 1024)
    throw badInput(`password: at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  const roles = [...new Set(input.roles)];
  if (roles.length === 0 || roles.some((r) => !STAFF_ROLES.includes(r)))
    throw badInput(`roles: one or more of ${STAFF_ROLES.join(', ')}`, { field: 'roles' });
  const scope = input.scopeOrganizationId?.trim() || null;
  if (scope && !roles.some((r) => SCOPED_ROLES.includes(r)))
    throw badInput('scopeOrganizationId applies to ORG_ADMIN, ORG_DEPARTMENT and ANALYST only', {
      field: 'scopeOrganizationId',
    });
  if (!scope && roles.includes(Role.ORG_ADMIN))
    throw badInput('ORG_ADMIN needs a scopeOrganizationId', { field: 'scopeOrganizationId' });
  return { username, password: input.password, roles, scopeOrganizationId: scope };
}
