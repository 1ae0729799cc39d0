/**
 * Which side of the platform each mutation belongs to, for who may read its audit entries: TRADING_CENTER reads
 * LAND entries, ORG_DEPARTMENT reads PARTY entries within its scope, both read SIGN_IN entries that belong to
 * neither. The one list of mutation names per domain; a test fails when a Mutation field is in none of them.
 */
import { registerEnumType } from 'type-graphql';
import { Role } from '../../common/viewer';

export enum AuditDomain {
  LAND = 'LAND',
  PARTY = 'PARTY',
  SIGN_IN = 'SIGN_IN',
}
registerEnumType(AuditDomain, {
  name: 'AuditDomain',
  description:
    '审计范围 — who may read an audit entry: LAND the trading centre, PARTY organization departments, SIGN_IN both',
  valuesConfig: {
    LAND: { description: 'land auctions; and sign-ins of land-side accounts' },
    PARTY: { description: 'party organizations and members; and sign-ins of party-side accounts' },
    SIGN_IN: { description: 'sign-ins that belong to neither side (unknown usernames, analysts)' },
  },
});

export const LAND_MUTATIONS: ReadonlySet<string> = new Set([
  'createParcel',
  'createAuction',
  'publishAuction',
  'suspendAuction',
  'resumeAuction',
  'terminateAuction',
  'certificateChallenge',
  'signInWithCertificate',
  'registerBidder',
  'completeIntegrityProfile',
  'loadCertificateRevocationList',
  'applyForAuction',
  'withdrawApplication',
  'recordDepositArrival',
  'recordDepositRefund',
  'rejectApplication',
  'placeBid',
  'submitAwardDocuments',
  'signConfirmation',
]);

export const PARTY_MUTATIONS: ReadonlySet<string> = new Set([
  'createOrganization',
  'establishMobileOrganization',
  'createMember',
  'updateMember',
  'confirmFullMembership',
  'decideProbation',
  'recommendCommendation',
  'decideCommendation',
  'declareNoCommendation',
  'issueWorkItem',
  'answerWorkItem',
  'closeWorkItem',
  'registerOutflow',
  'reportToInflow',
  'assignContact',
  'updateMobility',
  'endMobility',
  'recordDuty',
  'requestTransfer',
  'completeTransfer',
  'rejectTransfer',
  'recordOrgLife',
  'recordEvaluation',
  'recordCare',
  'recordRoleModel',
  'allocateFees',
  'recordFeeExpense',
  'receiveMembershipApplication',
  'designateActivist',
  'assignTrainingContacts',
  'recordApplicantTraining',
  'requestApplicantHandover',
  'decideApplicantHandover',
  'closeMembershipApplication',
  'appointMobileOrgLeader',
  'endMobileOrgLeaderTerm',
  'recordMobileMemberSurvey',
  'assignPartyBuildingInstructor',
  'endPartyBuildingInstructor',
  'recordPartyWorkerTraining',
]);

/** Mutations an anonymous caller makes that are audited all the same (failed sign-ins matter most). */
export const SIGN_IN_MUTATIONS: ReadonlySet<string> = new Set([
  'signIn',
  'certificateChallenge',
  'signInWithCertificate',
]);

const LAND_ROLES: readonly Role[] = [Role.TRADING_CENTER, Role.LAND_BUREAU, Role.BANK, Role.BIDDER];
const PARTY_ROLES: readonly Role[] = [Role.ORG_ADMIN, Role.ORG_DEPARTMENT, Role.MEMBER];

/** The domain of a mutation; a staff sign-in goes with the side of the account it names. */
export function auditDomainOf(field: string, actorRoles: readonly Role[]): AuditDomain {
  if (LAND_MUTATIONS.has(field)) return AuditDomain.LAND;
  if (PARTY_MUTATIONS.has(field)) return AuditDomain.PARTY;
  const land = actorRoles.some((r) => LAND_ROLES.includes(r));
  const party = actorRoles.some((r) => PARTY_ROLES.includes(r));
  if (land && !party) return AuditDomain.LAND;
  if (party && !land) return AuditDomain.PARTY;
  return AuditDomain.SIGN_IN;
}
