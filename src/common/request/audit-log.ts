/**
 * The mutation field that is running now, so a service can tell the audit trail who the actor really is
 * (a sign-in names the account it is for). Held in AsyncLocalStorage: batched operations run side by side.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role, Viewer } from '../viewer';

export interface AuditActor {
  subject: string | null;
  roles: Role[];
  scopeOrganizationId?: string | null;
  bidderId?: string | null;
  memberId?: string | null;
}

export interface RunningMutation {
  actor: AuditActor;
}

export const runningMutation = new AsyncLocalStorage<RunningMutation>();

export const actorOf = (viewer: Viewer): AuditActor => ({
  subject: viewer.subject,
  roles: [...viewer.roles],
  scopeOrganizationId: viewer.scopeOrganizationId ?? null,
  bidderId: viewer.bidderId ?? null,
  memberId: viewer.memberId ?? null,
});

/** Tells the audit trail who the running mutation acts as (e.g. the account a sign-in is for). */
export function noteAuditActor(actor: AuditActor): void {
  const running = runningMutation.getStore();
  if (running) running.actor = actor;
}
