/**
 * 接收入党申请书、入党积极分子培养教育、移交 (DOMAIN.md §2.6a). Administrators (ORG_ADMIN / ORG_DEPARTMENT) whose
 * scope holds the holding organization receive applications, designate activists, assign contacts, record
 * training and hand over; administrators of the receiving branch accept or decline a handover.
 */
import { ref } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { PartyMember } from '../member/member.entity';
import { MemberStatus } from '../member/member.types';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { isWithin, PATH_SEGMENT_DIGITS } from '../organization/organization.rules';
import { OrganizationType } from '../organization/organization.types';
import type { PartyContext } from '../party.context';
import { text } from '../party.input';
import {
  applicantVisibleSql,
  canReadApplicant,
  maskIdNumber,
  maskPhone,
  partyAccess,
  pathsVisibleSql,
  requireAdmin,
  requireManages,
  requirePartyViewer,
  showsApplicantData,
  type ApplicantFacts,
} from '../party.policy';
import { toFilter, within } from '../party.sql';
import { findOr404, findOrNull, flushOrConflict, today } from '../party.support';
import { ApplicantHandover, ApplicantTrainingRecord, MembershipApplicant } from './recruitment.entity';
import {
  checkContactChange,
  checkContactIds,
  checkDay,
  checkDesignation,
  checkHandoverDecision,
  checkLive,
  checkNewApplication,
  checkTraining,
  stageOf,
} from './recruitment.rules';
import {
  ApplicantStatus,
  ApplicantTrainingKind,
  HandoverStatus,
  type ApplicantFilter,
  type AssignTrainingContactsInput,
  type CloseApplicationInput,
  type DecideApplicantHandoverInput,
  type DesignateActivistInput,
  type ReceiveApplicationInput,
  type RecordApplicantTrainingInput,
  type RequestApplicantHandoverInput,
} from './recruitment.types';

const facts = (a: MembershipApplicant): ApplicantFacts => ({
  holderPath: a.holderPath,
  pendingToPath: a.pendingToPath ?? null,
  contactIds: [a.firstContact?.id, a.secondContact?.id],
});

/** 流动党员党组织 or an organization below one (its branches take applications too). */
async function requireMobileOrganization(ctx: PartyContext, org: PartyOrganization): Promise<void> {
  const prefixes: string[] = [];
  for (let n = PATH_SEGMENT_DIGITS; n <= org.path.length; n += PATH_SEGMENT_DIGITS) {
    prefixes.push(org.path.slice(0, n));
  }
  const mobile = await ctx.em.count(PartyOrganization, {
    path: { $in: prefixes },
    isMobilePartyOrganization: true,
  });
  if (!mobile) {
    throw badInput('applications are received here by a mobile-member party organization (流动党员党组织)', {
      field: 'organizationId',
    });
  }
}

/** The applicant, with the caller administering its holding organization. */
async function held(ctx: PartyContext, id: string): Promise<MembershipApplicant> {
  const access = await requireAdmin(ctx);
  const applicant = await findOr404(ctx, MembershipApplicant, id, 'applicant');
  requireManages(access, applicant.holderPath, 'applicant');
  return applicant;
}

/** 培养联系人: full members of the holding organization, formally or as its reported inflow members. */
async function contactsFor(ctx: PartyContext, holderPath: string, ids: string[]): Promise<PartyMember[]> {
  const unique = checkContactIds(ids);
  const members = await ctx.em.find(PartyMember, { id: { $in: unique.filter(isUuid) } });
  const active = await ctx.em.find(MobilityRecord, { activeKey: { $in: members.map((m) => m.id) } });
  const inflow = new Map(active.map((r) => [r.activeKey!, r.inflowPath ?? null]));
  const ok = members.filter(
    (m) =>
      m.status === MemberStatus.FULL &&
      (isWithin(m.formalPath, holderPath) || isWithin(inflow.get(m.id), holderPath)),
  );
  if (ok.length !== unique.length) {
    throw badInput(
      'a training contact is a full member (正式党员) of the holding organization, formally or as a reported inflow member',
      { field: 'contactMemberIds' },
    );
  }
  return unique.map((id) => ok.find((m) => m.id === id)!);
}

function setContacts(applicant: MembershipApplicant, contacts: PartyMember[]): void {
  applicant.firstContact = ref(contacts[0]);
  applicant.secondContact = contacts[1] ? ref(contacts[1]) : null;
}

export async function receiveApplication(
  ctx: PartyContext,
  input: ReceiveApplicationInput,
): Promise<MembershipApplicant> {
  const access = await requireAdmin(ctx);
  const org = await findOr404(ctx, PartyOrganization, input.organizationId, 'organization');
  requireManages(access, org.path);
  const valid = checkNewApplication(input, today(ctx));
  await requireMobileOrganization(ctx, org);
  if (await ctx.em.count(PartyMember, { idNumber: valid.idNumber })) {
    throw new DomainError(ErrorCode.CONFLICT, 'this person is a party member already');
  }
  const applicant = ctx.em.create(MembershipApplicant, {
    ...valid,
    liveKey: valid.idNumber,
    receivingOrganization: org.id as never,
    holder: org.id as never,
    holderPath: org.path,
    status: ApplicantStatus.APPLIED,
    recordedBy: ctx.viewer.subject ?? 'system',
    createdAt: ctx.clock.now(),
  });
  await flushOrConflict(ctx, 'this person has a live application already');
  return applicant;
}

export async function designateActivist(
  ctx: PartyContext,
  input: DesignateActivistInput,
): Promise<MembershipApplicant> {
  const applicant = await held(ctx, input.applicantId);
  checkDesignation(applicant, input.designatedOn, today(ctx));
  setContacts(applicant, await contactsFor(ctx, applicant.holderPath, input.contactMemberIds));
  applicant.status = ApplicantStatus.ACTIVIST;
  applicant.activistSince = input.designatedOn;
  applicant.activistMethod = input.method;
  await ctx.em.flush();
  return applicant;
}

export async function assignTrainingContacts(
  ctx: PartyContext,
  input: AssignTrainingContactsInput,
): Promise<MembershipApplicant> {
  const applicant = await held(ctx, input.applicantId);
  checkContactChange(applicant);
  setContacts(applicant, await contactsFor(ctx, applicant.holderPath, input.contactMemberIds));
  await ctx.em.flush();
  return applicant;
}

export async function recordApplicantTraining(
  ctx: PartyContext,
  input: RecordApplicantTrainingInput,
): Promise<ApplicantTrainingRecord> {
  const applicant = await held(ctx, input.applicantId);
  checkTraining(applicant, input.kind, input.heldOn, today(ctx));
  const content = text(input.content, 'content', 2000);
  const contactIds = [applicant.firstContact?.id, applicant.secondContact?.id];
  if (input.contactMemberId && !contactIds.includes(input.contactMemberId)) {
    throw badInput('contactMemberId is one of the applicant’s current training contacts', {
      field: 'contactMemberId',
    });
  }
  const record = ctx.em.create(ApplicantTrainingRecord, {
    applicant: applicant.id as never,
    organization: applicant.holder.id as never,
    kind: input.kind,
    heldOn: input.heldOn,
    content,
    contact: (input.contactMemberId ?? null) as never,
    recordedBy: ctx.viewer.subject ?? 'system',
    recordedAt: ctx.clock.now(),
  });
  if (
    input.kind === ApplicantTrainingKind.TALK &&
    (!applicant.talkedOn || input.heldOn < applicant.talkedOn)
  ) {
    applicant.talkedOn = input.heldOn;
  }
  if (
    input.kind === ApplicantTrainingKind.ASSESSMENT &&
    (!applicant.lastAssessmentOn || input.heldOn > applicant.lastAssessmentOn)
  ) {
    applicant.lastAssessmentOn = input.heldOn;
  }
  await ctx.em.flush();
  return record;
}

export async function requestHandover(
  ctx: PartyContext,
  input: RequestApplicantHandoverInput,
): Promise<ApplicantHandover> {
  const applicant = await held(ctx, input.applicantId);
  checkLive(applicant, 'a handover');
  const to = await findOr404(ctx, PartyOrganization, input.toOrganizationId, 'organization');
  if (to.type !== OrganizationType.BRANCH || to.id === applicant.holder.id) {
    throw badInput('the receiving organization is another party branch (党支部)', {
      field: 'toOrganizationId',
    });
  }
  const day = today(ctx);
  const requestedOn = checkDay(applicant, input.requestedOn ?? day, day, 'requestedOn');
  const handover = ctx.em.create(ApplicantHandover, {
    applicant: applicant.id as never,
    fromOrganization: applicant.holder.id as never,
    fromPath: applicant.holderPath,
    toOrganization: to.id as never,
    toPath: to.path,
    stage: applicant.status,
    requestedOn,
    reason: text(input.reason, 'reason', 1000),
    status: HandoverStatus.PENDING,
    requestedBy: ctx.viewer.subject ?? 'system',
    requestedAt: ctx.clock.now(),
  });
  applicant.status = ApplicantStatus.HANDOVER_PENDING;
  applicant.pendingTo = ref(to);
  applicant.pendingToPath = to.path;
  await ctx.em.flush();
  return handover;
}

/** 接收 moves the applicant, its stage and its record to the receiver (training time runs on); 退回 returns it. */
export async function decideHandover(
  ctx: PartyContext,
  input: DecideApplicantHandoverInput,
): Promise<ApplicantHandover> {
  const access = await requireAdmin(ctx);
  const handover = await findOr404(ctx, ApplicantHandover, input.handoverId, 'handover');
  requireManages(access, handover.toPath, 'receiving organization');
  const day = today(ctx);
  const decidedOn = input.decidedOn ?? day;
  const note = checkHandoverDecision(handover, input.accept, input.note, decidedOn, day);
  const applicant = await ctx.em.findOneOrFail(MembershipApplicant, { id: handover.applicant.id });
  handover.status = input.accept ? HandoverStatus.ACCEPTED : HandoverStatus.DECLINED;
  handover.decidedOn = decidedOn;
  handover.decisionNote = note;
  handover.decidedBy = ctx.viewer.subject ?? 'system';
  if (input.accept) {
    applicant.holder = ref(ctx.em.getReference(PartyOrganization, handover.toOrganization.id));
    applicant.holderPath = handover.toPath;
    // the contacts were members of the sending organization; the receiver names its own
    applicant.firstContact = null;
    applicant.secondContact = null;
  }
  applicant.status = stageOf(applicant);
  applicant.pendingTo = null;
  applicant.pendingToPath = null;
  await ctx.em.flush();
  return handover;
}

export async function closeApplication(
  ctx: PartyContext,
  input: CloseApplicationInput,
): Promise<MembershipApplicant> {
  const applicant = await held(ctx, input.applicantId);
  checkLive(applicant, 'closing');
  applicant.closedOn = checkDay(applicant, input.closedOn, today(ctx), 'closedOn');
  applicant.closeReason = text(input.reason, 'reason', 1000);
  applicant.status = ApplicantStatus.CLOSED;
  applicant.liveKey = null;
  await ctx.em.flush();
  return applicant;
}

// ─── reads ───

export async function canSeeApplicant(ctx: PartyContext, a: MembershipApplicant): Promise<boolean> {
  const access = await partyAccess(ctx);
  return access.partyViewer && canReadApplicant(access, facts(a));
}

export async function getApplicant(ctx: PartyContext, id: string): Promise<MembershipApplicant | null> {
  await requirePartyViewer(ctx);
  const applicant = await findOrNull(ctx, MembershipApplicant, id);
  return applicant && (await canSeeApplicant(ctx, applicant)) ? applicant : null;
}

export async function listApplicants(
  ctx: PartyContext,
  args: PageArgs,
  filter?: ApplicantFilter | null,
): Promise<Connection<MembershipApplicant>> {
  const access = await requirePartyViewer(ctx);
  const page = toPage(args);
  const where: object[] = [toFilter(applicantVisibleSql(access))];
  if (filter?.withinId) {
    const root = await findOrNull(ctx, PartyOrganization, filter.withinId);
    if (!root) return toConnection([], 0, page);
    where.push(toFilter(within('{a}.holder_path', root.path)));
  }
  if (filter?.status) where.push({ status: filter.status });
  const [items, total] = await ctx.em.findAndCount(
    MembershipApplicant,
    { $and: where },
    { orderBy: { receivedOn: 'desc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

/** Handovers from or to an organization in the viewer's read scope. */
export async function listHandovers(
  ctx: PartyContext,
  args: PageArgs,
  status?: HandoverStatus | null,
): Promise<Connection<ApplicantHandover>> {
  const access = await requirePartyViewer(ctx);
  const page = toPage(args);
  const where: object[] = [toFilter(pathsVisibleSql(access, '{a}.from_path', '{a}.to_path'))];
  if (status) where.push({ status });
  const [items, total] = await ctx.em.findAndCount(
    ApplicantHandover,
    { $and: where },
    { orderBy: { requestedOn: 'desc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

export async function canSeeHandover(ctx: PartyContext, h: ApplicantHandover): Promise<boolean> {
  const access = await partyAccess(ctx);
  return (
    access.partyViewer &&
    (access.read.all || [h.fromPath, h.toPath].some((p) => isWithin(p, access.read.path)))
  );
}

/** idNumber / phone as this viewer may see them (an applicant shown through a link is masked). */
export async function applicantPersonalField(
  ctx: PartyContext,
  a: MembershipApplicant,
  field: 'idNumber' | 'phone',
): Promise<string | null> {
  const value = a[field];
  if (!value) return null;
  if (showsApplicantData(await partyAccess(ctx), facts(a))) return value;
  return field === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
}
