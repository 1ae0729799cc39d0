import type { DomainModule } from '../common/module';
import { PartyAnalyticsResolver } from '../analytics/party-analytics.resolver';
import { CareRecord } from './care.entity';
import { CareResolver } from './care.resolver';
import { canSeeMemberRecord } from './daily.support';
import { DutyRecord } from './duty.entity';
import { DutyResolver } from './duty.resolver';
import { DemocraticEvaluation } from './evaluation.entity';
import { EvaluationResolver } from './evaluation.resolver';
import { FeeExpense, PartyFeeAllocation } from './fee.entity';
import { FeeResolver } from './fee.resolver';
import { canSeeAllocation } from './fee.service';
import { PartyMember } from './member.entity';
import { MemberResolver } from './member.resolver';
import { canSeeMember } from './member.service';
import { MobilityRecord } from './mobility.entity';
import { MobilityResolver } from './mobility.resolver';
import { canSeeRecord } from './mobility.service';
import { OrgLifeActivity } from './org-life.entity';
import { OrgLifeResolver } from './org-life.resolver';
import { canSeeActivity } from './org-life.service';
import { PartyOrganization } from './organization.entity';
import { OrganizationResolver } from './organization.resolver';
import { loadById } from './party.loaders';
import { partyAccess } from './party.policy';
import { RoleModelRecord } from './role-model.entity';
import { RoleModelResolver } from './role-model.resolver';
import { RelationshipTransfer } from './transfer.entity';
import { TransferResolver } from './transfer.resolver';
import { canSeeTransfer } from './transfer.service';
import { PartyViewerResolver } from './viewer.resolver';
import { PARTY_EXAMPLE_QUERIES } from './party.examples';
import { seedParty } from '../../seeds/party.seed';
import { provideScopeResolver } from '../server/audit/audit.scope';
import { partyScopeResolver } from './audit-scope';

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
