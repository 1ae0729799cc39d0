/**
 * What one operation's mutation fields did, collected while it runs (AuditMutations middleware) and written to
 * the audit trail when its response is sent. Mutation root fields run one after another, so `current` is the
 * field that is running now: a service may say who the actor really is (a sign-in names its account).
 */
import type { Role, Viewer } from '../../common/viewer';

export interface AuditActor {
  subject: string | null;
  roles: Role[];
  scopeOrganizationId?: string | null;
  bidderId?: string | null;
  memberId?: string | null;
}

export interface AuditRecord {
  /** the Mutation field, e.g. placeBid */
  field: string;
  /** the field's alias or name in the response */
  responseKey: string;
  /** the arguments as the resolver received them (redacted when written) */
  args: Record<string, unknown>;
  /** OK, or the ErrorCode (INTERNAL_SERVER_ERROR for anything unexpected) */
  outcome: string;
  actor: AuditActor;
}

export class AuditLog {
  readonly records: AuditRecord[] = [];
  current?: AuditRecord;
  /** set once written, so a response sent twice (it is not) or a retry writes nothing more */
  written = false;
}

export const actorOf = (viewer: Viewer): AuditActor => ({
  subject: viewer.subject,
  roles: [...viewer.roles],
  scopeOrganizationId: viewer.scopeOrganizationId ?? null,
  bidderId: viewer.bidderId ?? null,
  memberId: viewer.memberId ?? null,
});

/** Tells the audit trail who the running mutation acted as (e.g. the account a sign-in is for). */
export function noteAuditActor(ctx: { audit?: AuditLog }, actor: AuditActor): void {
  if (ctx.audit?.current) ctx.audit.current.actor = actor;
}
