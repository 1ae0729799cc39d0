import type { DomainModule } from '../common/module';
import { PartyAnalyticsResolver } from '../analytics/party-analytics.resolver';
import { CareRecord } from './care/care.entity';
import { CareResolver } from './care/care.resolver';
import { canSeeMemberRecord } from './daily/daily.support';
import { DutyRecord } from './duty/duty.entity';
import { DutyResolver } from './duty/duty.resolver';
import { DemocraticEvaluation } from './daily/evaluation.entity';
import { EvaluationResolver } from './daily/evaluation.resolver';
import { FeeExpense, PartyFeeAllocation } from './fee/fee.entity';
import { FeeResolver } from './fee/fee.resolver';
import { canSeeAllocation } from './fee/fee.service';
import { PartyMember } from './member/member.entity';
import { MemberResolver } from './member/member.resolver';
import { canSeeMember } from './member/member.service';
import { MobilityRecord } from './mobility/mobility.entity';
import { MobilityResolver } from './mobility/mobility.resolver';
import { canSeeRecord } from './mobility/mobility.service';
import { OrgLifeActivity } from './daily/org-life.entity';
import { OrgLifeResolver } from './daily/org-life.resolver';
import { canSeeActivity } from './daily/org-life.service';
import { PartyOrganization } from './organization/organization.entity';
import { OrganizationResolver } from './organization/organization.resolver';
import { loadById } from './party.loaders';
import { partyAccess } from './party.policy';
import { RoleModelRecord } from './care/role-model.entity';
import { RoleModelResolver } from './care/role-model.resolver';
import { RelationshipTransfer } from './transfer/transfer.entity';
import { TransferResolver } from './transfer/transfer.resolver';
import { canSeeTransfer } from './transfer/transfer.service';
import { PartyViewerResolver } from './viewer.resolver';
import { PARTY_EXAMPLE_QUERIES } from './party.examples';
import { seedParty } from '../../seeds/party.seed';
import { provideScopeResolver } from '../common/request/audit.scope';
import { partyScopeResolver } from './organization/audit-scope';

// the audit trail asks the organization tree which actors an ORG_DEPARTMENT's scope covers
provideScopeResolver(partyScopeResolver);

/** 流动党员管理 — mobile party member management, and its analytics. */
export const partyModule: DomainModule = {
  name: 'party',
  entities: [
    PartyOrganization,
    PartyMember,
    MobilityRecord,
    DutyRecord,
    RelationshipTransfer,
    OrgLifeActivity,
    DemocraticEvaluation,
    CareRecord,
    RoleModelRecord,
    PartyFeeAllocation,
    FeeExpense,
  ],
  resolvers: [
    OrganizationResolver,
    MemberResolver,
    MobilityResolver,
    DutyResolver,
    TransferResolver,
    OrgLifeResolver,
    EvaluationResolver,
    CareResolver,
    RoleModelResolver,
    FeeResolver,
    PartyViewerResolver,
    PartyAnalyticsResolver,
  ],
  // node(id): the same scope rules as the root queries
  nodes: [
    { entity: PartyOrganization, visible: async (_o, ctx) => (await partyAccess(ctx)).partyViewer },
    { entity: PartyMember, visible: (m, ctx) => canSeeMember(ctx, m as PartyMember) },
    { entity: MobilityRecord, visible: (r, ctx) => canSeeRecord(ctx, r as MobilityRecord) },
    {
      entity: DutyRecord,
      visible: async (d, ctx) => {
        const record = await loadById(ctx, MobilityRecord, (d as DutyRecord).mobilityRecord.id);
        return !!record && canSeeRecord(ctx, record);
      },
    },
    { entity: RelationshipTransfer, visible: (t, ctx) => canSeeTransfer(ctx, t as RelationshipTransfer) },
    { entity: OrgLifeActivity, visible: (a, ctx) => canSeeActivity(ctx, a as OrgLifeActivity) },
    { entity: DemocraticEvaluation, visible: (e, ctx) => canSeeMemberRecord(ctx, e as DemocraticEvaluation) },
    { entity: CareRecord, visible: (c, ctx) => canSeeMemberRecord(ctx, c as CareRecord) },
    { entity: RoleModelRecord, visible: (r, ctx) => canSeeMemberRecord(ctx, r as RoleModelRecord) },
    { entity: PartyFeeAllocation, visible: (a, ctx) => canSeeAllocation(ctx, a as PartyFeeAllocation) },
  ],
  seed: seedParty,
  exampleQueries: PARTY_EXAMPLE_QUERIES,
};
