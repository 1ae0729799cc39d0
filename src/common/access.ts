import { forbidden, unauthenticated } from './errors';
import { hasRole, type Role, type Viewer } from './viewer';

/** Anonymous → UNAUTHENTICATED; signed in without one of the roles → FORBIDDEN. */
export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (viewer.subject === null) throw unauthenticated();
  if (!hasRole(viewer, ...roles)) throw forbidden(`needs one of the roles ${roles.join(', ')}`);
}
