import type { DomainModule } from '../common/module';
import { CareRecord } from './care/care.entity';
import { CareResolver } from './care/care.resolver';
import { Commendation } from './commendation/commendation.entity';
import { CommendationResolver, RecordCommendationResolver } from './commendation/commendation.resolver';
import { canSeeCommendation } from './commendation/commendation.service';
import { ProbationDecision } from './probation/probation.entity';
import { Reminder, ReminderRun } from './reminder/reminder.entity';
import { startReminderJob } from './reminder/reminder.job';
import { ReminderResolver } from './reminder/reminder.resolver';
import { canSeeReminder } from './reminder/reminder.service';
import { MemberProbationResolver, ProbationResolver } from './probation/probation.resolver';
import { canSeeMemberRecord } from './daily/daily.support';
import { WorkItem } from './dispatch/dispatch.entity';
import { DispatchResolver } from './dispatch/dispatch.resolver';
import { canSeeWorkItem } from './dispatch/dispatch.service';
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
import {
  ApplicantHandover,
  ApplicantTrainingRecord,
  MembershipApplicant,
} from './recruitment/recruitment.entity';
import {
  ApplicantHandoverResolver,
  ApplicantTrainingRecordResolver,
  RecruitmentResolver,
} from './recruitment/recruitment.resolver';
import { canSeeApplicant, canSeeHandover } from './recruitment/recruitment.service';
import {
  MobileMemberSurvey,
  MobileOrgLeader,
  PartyBuildingInstructor,
  PartyWorkerTraining,
} from './workforce/workforce.entity';
import {
  MobileMemberSurveyResolver,
  MobileOrgLeaderResolver,
  PartyBuildingInstructorResolver,
  PartyWorkerTrainingResolver,
} from './workforce/workforce.resolver';
import { canSeeLeader, canSeeWorkforceRow } from './workforce/workforce.service';
import { PARTY_EXAMPLE_QUERIES } from './party.examples';
import { checkDutyDays } from './duty/duty.catalog';
import { provideScopeResolver } from '../common/request/audit.scope';
import { partyScopeResolver } from './organization/audit-scope';

// the audit trail asks the organization tree which actors an ORG_DEPARTMENT's scope covers
provideScopeResolver(partyScopeResolver);

/** 流动党员管理 — mobile party member management (its analytics: src/analytics/). */
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
    ProbationDecision,
    Commendation,
    Reminder,
    ReminderRun,
    MembershipApplicant,
    ApplicantTrainingRecord,
    ApplicantHandover,
    MobileOrgLeader,
    MobileMemberSurvey,
    PartyBuildingInstructor,
    PartyWorkerTraining,
    WorkItem,
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
    ProbationResolver,
    MemberProbationResolver,
    CommendationResolver,
    RecordCommendationResolver,
    ReminderResolver,
    RecruitmentResolver,
    ApplicantTrainingRecordResolver,
    ApplicantHandoverResolver,
    MobileOrgLeaderResolver,
    MobileMemberSurveyResolver,
    PartyBuildingInstructorResolver,
    PartyWorkerTrainingResolver,
    DispatchResolver,
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
    {
      entity: ProbationDecision,
      visible: async (d, ctx) => {
        const member = await loadById(ctx, PartyMember, (d as ProbationDecision).member.id);
        return !!member && canSeeMember(ctx, member);
      },
    },
    { entity: Commendation, visible: (c, ctx) => canSeeCommendation(ctx, c as Commendation) },
    { entity: Reminder, visible: (r, ctx) => canSeeReminder(ctx, (r as Reminder).holderPath) },
    { entity: MembershipApplicant, visible: (a, ctx) => canSeeApplicant(ctx, a as MembershipApplicant) },
    { entity: ApplicantHandover, visible: (h, ctx) => canSeeHandover(ctx, h as ApplicantHandover) },
    { entity: MobileOrgLeader, visible: (l, ctx) => canSeeLeader(ctx, l as MobileOrgLeader) },
    { entity: MobileMemberSurvey, visible: (s, ctx) => canSeeWorkforceRow(ctx, s as MobileMemberSurvey) },
    {
      entity: PartyBuildingInstructor,
      visible: (i, ctx) => canSeeWorkforceRow(ctx, i as PartyBuildingInstructor),
    },
    { entity: PartyWorkerTraining, visible: (t, ctx) => canSeeWorkforceRow(ctx, t as PartyWorkerTraining) },
    { entity: WorkItem, visible: (w, ctx) => canSeeWorkItem(ctx, w as WorkItem) },
  ],
  startWorkers: (ctx) => startReminderJob(ctx),
  exampleQueries: PARTY_EXAMPLE_QUERIES,
  checkConfig: (config) => checkDutyDays(config.dutyDays),
};

// the public face the seeds use
export { recordCare } from './care/care.service';
export { CareKind } from './care/care.types';
export { recordRoleModel } from './care/role-model.service';
export { RoleModelKind } from './care/role-model.types';
export { recordEvaluation } from './daily/evaluation.service';
export { EvaluationResult } from './daily/evaluation.types';
export { recordOrgLife } from './daily/org-life.service';
export { OrgLifeType } from './daily/org-life.types';
export { recordDuty } from './duty/duty.service';
export { answerWorkItem, closeWorkItem, issueWorkItem, printMonthReport } from './dispatch/dispatch.service';
export {
  decideCommendation,
  declareNoCommendation,
  recommendCommendation,
} from './commendation/commendation.service';
export { decideProbation } from './probation/probation.service';
export {
  decideHandover,
  designateActivist,
  receiveApplication,
  recordApplicantTraining,
  requestHandover,
} from './recruitment/recruitment.service';
export { ActivistMethod, ApplicantTrainingKind } from './recruitment/recruitment.types';
export {
  appointLeader,
  assignInstructor,
  recordSurvey,
  recordWorkerTraining,
} from './workforce/workforce.service';
export { LeaderRole, TrainingFocus } from './workforce/workforce.types';
export { runReminderSweep } from './reminder/reminder.job';
export { ProbationOutcome } from './probation/probation.types';
export { allocateFees, recordFeeExpense } from './fee/fee.service';
export { FeePurpose } from './fee/fee.types';
export { idNumberCheckChar } from './member/member.rules';
export { createMember } from './member/member.service';
export { Gender, MemberStatus } from './member/member.types';
export {
  assignContact,
  endMobility,
  registerOutflow,
  reportToInflow,
  updateMobility,
} from './mobility/mobility.service';
export { ContactSide, InclusionPath, MobilityEndReason, MobilityReason } from './mobility/mobility.types';
export { PartyOrganization } from './organization/organization.entity';
export { createOrganization, establishMobileOrganization } from './organization/organization.service';
export { AdministrativeLevel, MobileOrgBasis, OrganizationType } from './organization/organization.types';
export type { PartyContext } from './party.context';
export { completeTransfer, rejectTransfer, requestTransfer } from './transfer/transfer.service';
