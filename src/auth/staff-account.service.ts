/** Staff sign-in and account management: load, decide with the rules, persist. */
import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import type { Viewer } from '../common/viewer';
import type { Context } from '../common/request/context';
import { signToken } from './token';
import { noteAuditActor } from '../common/request/audit-log';
import { ViewerType } from './viewer.type';
import { AuthPayload } from './auth.types';
import { dummyHash, hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from './password';
import {
  decideSignIn,
  normalizeUsername,
  sameLockoutState,
  validateNewAccount,
  type NewStaffAccount,
} from './sign-in.rules';
import { StaffAccount, staffSubject } from './staff-account.entity';

/** How long a staff token lasts. */
export const STAFF_TOKEN_SECONDS = 8 * 3600;

/**
 * One answer for an unknown user, a wrong password, a locked, disabled or demo-only account: nothing tells
 * which usernames exist or what state they are in.
 */
const refused = () =>
  new DomainError(
    ErrorCode.UNAUTHENTICATED,
    'sign-in failed: the username or password is wrong, or the account cannot sign in now (too many failed attempts lock it for a while)',
  );

export const viewerOfAccount = (account: StaffAccount): Viewer => ({
  subject: staffSubject(account),
  roles: [...account.roles],
  scopeOrganizationId: account.scopeOrganizationId ?? undefined,
});

export async function signIn(ctx: Context, username: string, password: string): Promise<AuthPayload> {
  const name = username.length <= 256 ? normalizeUsername(username) : null;
  const em = ctx.em.fork();
  const account = name ? await em.findOne(StaffAccount, { username: name }) : null;
  // the same work whether or not the account exists
  const stored = account?.passwordHash ?? (await dummyHash());
  const matches = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(stored, password));
  if (!account) throw refused();
  noteAuditActor({
    subject: null,
    roles: [...account.roles],
    scopeOrganizationId: account.scopeOrganizationId ?? null,
  });
  const usable = account.active && (!account.demo || ctx.config.demoMode);

  for (let attempt = 0; attempt < 5; attempt++) {
    const now = ctx.clock.now();
    const state = { failedAttempts: account.failedAttempts, lockedUntil: account.lockedUntil ?? null };
    const decision = decideSignIn(state, matches && usable, now);
    if (!sameLockoutState(state, decision.next) || decision.allowed) {
      const changed = await em.nativeUpdate(
        StaffAccount,
        { id: account.id, lockoutVersion: account.lockoutVersion },
        {
          ...decision.next,
          lockoutVersion: account.lockoutVersion + 1,
          ...(decision.allowed ? { lastSignInAt: now } : {}),
        },
      );
      if (changed !== 1) {
        await em.refresh(account); // another sign-in changed the state first: decide again on the new one
        continue;
      }
    }
    if (!decision.allowed) throw refused();
    const viewer = viewerOfAccount(account);
    noteAuditActor({
      subject: viewer.subject,
      roles: viewer.roles,
      scopeOrganizationId: viewer.scopeOrganizationId ?? null,
    });
    const { token, expiresAt } = signToken(
      ctx.config.jwtSecret,
      {
        sub: viewer.subject!,
        roles: viewer.roles,
        ...(viewer.scopeOrganizationId ? { scopeOrganizationId: viewer.scopeOrganizationId } : {}),
      },
      STAFF_TOKEN_SECONDS,
      now,
    );
    return Object.assign(new AuthPayload(), { token, expiresAt, viewer: ViewerType.of(viewer) });
  }
  throw refused();
}

/** Creates an account (operators' CLI, demo seed). Throws BAD_USER_INPUT or CONFLICT. */
export async function createStaffAccount(
  em: EntityManager,
  clock: Clock,
  input: NewStaffAccount,
  options: { demo?: boolean } = {},
): Promise<StaffAccount> {
  const valid = validateNewAccount(input);
  if (await em.findOne(StaffAccount, { username: valid.username }))
    throw new DomainError(ErrorCode.CONFLICT, `an account named ${valid.username} exists`);
  const account = em.create(StaffAccount, {
    username: valid.username,
    passwordHash: await hashPassword(valid.password),
    roles: valid.roles,
    scopeOrganizationId: valid.scopeOrganizationId ?? null,
    demo: options.demo ?? false,
    createdAt: clock.now(),
  });
  await em.persistAndFlush(account);
  return account;
}

/** Sets a new password and lifts any lock (operators' CLI). */
export async function resetStaffPassword(
  em: EntityManager,
  username: string,
  password: string,
): Promise<void> {
  const account = await em.findOne(StaffAccount, { username: normalizeUsername(username) ?? '' });
  if (!account) throw new DomainError(ErrorCode.NOT_FOUND, `no account named ${username}`);
  validateNewAccount({
    username: account.username,
    password,
    roles: account.roles,
    scopeOrganizationId: account.scopeOrganizationId,
  });
  account.passwordHash = await hashPassword(password);
  account.failedAttempts = 0;
  account.lockedUntil = null;
  account.lockoutVersion += 1;
  account.active = true;
  await em.flush();
}
