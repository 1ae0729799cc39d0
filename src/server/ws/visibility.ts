/**
 * Which viewers may share one execution result of a live event (src/common/live/shared-execution.ts).
 *
 * Conservative on purpose: every anonymous viewer sees the same public data (DOMAIN.md §3: bids by bidding
 * number only), so they form one class — the bulk of live viewers. A signed-in viewer is a class of its
 * own (subject, roles and claims), because what a bidder or the trading centre may see can depend on who
 * they are; a domain that knows its live fields depend only on roles could widen this.
 */
import type { Viewer } from '../../common/viewer';

export const ANONYMOUS_CLASS = 'anonymous';

export function visibilityClass(viewer: Viewer): string {
  if (viewer.subject === null && viewer.roles.length === 0) return ANONYMOUS_CLASS;
  return `viewer:${JSON.stringify([
    viewer.subject,
    [...viewer.roles].sort(),
    viewer.bidderId ?? null,
    viewer.memberId ?? null,
    viewer.scopeOrganizationId ?? null,
  ])}`;
}
