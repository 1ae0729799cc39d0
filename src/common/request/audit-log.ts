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

/** An audit entry as the trail stores it, all but its outcome (the columns of audit_entry). */
export interface AuditRow {
  subject: string | null;
  /** the roles as stored: ",A,B," */
  roles: string;
  scopeOrganizationId: string | null;
  bidderId: string | null;
  memberId: string | null;
  operationName: string | null;
  field: string;
  domain: string;
  argumentsSummary: Record<string, unknown>;
  ip: string;
}

export interface RunningMutation {
  actor: AuditActor;
  /**
   * The entry the trail would write if the field succeeded, for a service that writes it in its own transaction
   * (never lost: it commits with the change). Such a service sets `recorded` once that transaction committed,
   * and the trail then writes nothing more.
   */
  entry?: () => AuditRow;
  recorded?: boolean;
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

/** The running mutation's audit entry, for a service that writes it with its own change; null when none. */
export function auditEntryToWrite(): AuditRow | null {
  const running = runningMutation.getStore();
  return running?.entry && !running.recorded ? running.entry() : null;
}

/** The service's transaction that held the entry committed: the trail writes nothing more for this field. */
export function auditRecorded(): void {
  const running = runningMutation.getStore();
  if (running) running.recorded = true;
}
