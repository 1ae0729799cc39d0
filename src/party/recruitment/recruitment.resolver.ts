import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { DateScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadMany, loadRef } from '../party.loaders';
import { today } from '../party.support';
import { ApplicantHandover, ApplicantTrainingRecord, MembershipApplicant } from './recruitment.entity';
import { assessmentDueOn, developmentTargetFrom, talkDueOn } from './recruitment.rules';
import {
  applicantPersonalField,
  assignTrainingContacts,
  closeApplication,
  decideHandover,
  designateActivist,
  getApplicant,
  listApplicants,
  listHandovers,
  receiveApplication,
  recordApplicantTraining,
  requestHandover,
} from './recruitment.service';
import {
  ApplicantFilter,
  ApplicantStatus,
  AssignTrainingContactsInput,
  CloseApplicationInput,
  DecideApplicantHandoverInput,
  DesignateActivistInput,
  HandoverStatus,
  ReceiveApplicationInput,
  RecordApplicantTrainingInput,
  RequestApplicantHandoverInput,
} from './recruitment.types';

export const MembershipApplicantConnection = ConnectionType(MembershipApplicant, 'MembershipApplicant');
export const ApplicantHandoverConnection = ConnectionType(ApplicantHandover, 'ApplicantHandover');

const ADMIN = 'ORG_ADMIN / ORG_DEPARTMENT whose scope holds the holding organization';

@Resolver(() => MembershipApplicant)
export class RecruitmentResolver {
  @Query(() => MembershipApplicant, {
    nullable: true,
    description:
      '入党申请人 by id: staff whose scope holds its holding organization (or the receiving one during a handover), and its training contacts (MEMBER); null otherwise',
  })
  membershipApplicant(
    @Arg('id', () => ID, { description: 'the applicant’s id' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return getApplicant(ctx, id);
  }

  @Query(() => MembershipApplicantConnection, {
    description:
      '入党申请人和入党积极分子 — applicants and activists in your scope, newest first (any party role)',
  })
  membershipApplicants(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('filter', () => ApplicantFilter, {
      nullable: true,
      description: 'which applicants; default all in scope',
    })
    filter: ApplicantFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listApplicants(ctx, args, filter);
  }

  @Query(() => ApplicantHandoverConnection, {
    description:
      '入党申请人移交 — handovers from or to organizations in your scope, newest first (any party role; a receiving branch’s worklist with status PENDING)',
  })
  applicantHandovers(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('status', () => HandoverStatus, { nullable: true, description: 'only this status' })
    status: HandoverStatus | null,
    @Ctx() ctx: Context,
  ) {
    return listHandovers(ctx, args, status);
  }

  @Mutation(() => MembershipApplicant, {
    description:
      '接收入党申请书 — ORG_ADMIN / ORG_DEPARTMENT of a mobile-member party organization (or one below it) records a mobile worker’s application (APPLIED). FORBIDDEN outside the scope; BAD_USER_INPUT for another kind of organization, an applicant under 18, a birth date that disagrees with the idNumber, dates out of order; CONFLICT for a party member or a second live application',
  })
  receiveMembershipApplication(
    @Arg('input', () => ReceiveApplicationInput, { description: 'the application' })
    input: ReceiveApplicationInput,
    @Ctx() ctx: Context,
  ) {
    return receiveApplication(ctx, input);
  }

  @Mutation(() => MembershipApplicant, {
    description: `确定入党积极分子 — ${ADMIN}: APPLIED → ACTIVIST with one or two training contacts. INVALID_TRANSITION unless APPLIED; BAD_USER_INPUT for contacts who are not full members of the organization, a day before receivedOn or in the future`,
  })
  designateActivist(
    @Arg('input', () => DesignateActivistInput, { description: 'the designation' })
    input: DesignateActivistInput,
    @Ctx() ctx: Context,
  ) {
    return designateActivist(ctx, input);
  }

  @Mutation(() => MembershipApplicant, {
    description: `调整培养联系人 — ${ADMIN}: replaces an activist’s contacts. INVALID_TRANSITION unless ACTIVIST; BAD_USER_INPUT as for designateActivist`,
  })
  assignTrainingContacts(
    @Arg('input', () => AssignTrainingContactsInput, { description: 'the contacts' })
    input: AssignTrainingContactsInput,
    @Ctx() ctx: Context,
  ) {
    return assignTrainingContacts(ctx, input);
  }

  @Mutation(() => ApplicantTrainingRecord, {
    description: `培养教育考察记录 — ${ADMIN}: a talk (anyone), or training, assessment, thought report, activity (activists). INVALID_TRANSITION for other kinds before ACTIVIST, during a handover or once closed; BAD_USER_INPUT for a bad day or a contact who is not the applicant’s`,
  })
  recordApplicantTraining(
    @Arg('input', () => RecordApplicantTrainingInput, { description: 'the record' })
    input: RecordApplicantTrainingInput,
    @Ctx() ctx: Context,
  ) {
    return recordApplicantTraining(ctx, input);
  }

  @Mutation(() => ApplicantHandover, {
    description: `移交 — ${ADMIN}: hands the applicant and its record to another party branch (HANDOVER_PENDING; the record is frozen until decided). INVALID_TRANSITION unless APPLIED or ACTIVIST; BAD_USER_INPUT for a receiver that is not another branch, an empty reason, a bad day`,
  })
  requestApplicantHandover(
    @Arg('input', () => RequestApplicantHandoverInput, { description: 'the handover' })
    input: RequestApplicantHandoverInput,
    @Ctx() ctx: Context,
  ) {
    return requestHandover(ctx, input);
  }

  @Mutation(() => ApplicantHandover, {
    description:
      '接收或退回 — ORG_ADMIN / ORG_DEPARTMENT of the receiving branch: accept (the branch holds the applicant, its stage and record; training time runs on; it names its own contacts) or decline with a note (back to the sender). FORBIDDEN for anyone else (the sender included); INVALID_TRANSITION unless PENDING; BAD_USER_INPUT for a decline without a note or a bad day',
  })
  decideApplicantHandover(
    @Arg('input', () => DecideApplicantHandoverInput, { description: 'the decision' })
    input: DecideApplicantHandoverInput,
    @Ctx() ctx: Context,
  ) {
    return decideHandover(ctx, input);
  }

  @Mutation(() => MembershipApplicant, {
    description: `终止 — ${ADMIN}: the applicant withdrew or is no longer pursued (CLOSED, with a reason). INVALID_TRANSITION unless APPLIED or ACTIVIST; BAD_USER_INPUT for an empty reason or a bad day`,
  })
  closeMembershipApplication(
    @Arg('input', () => CloseApplicationInput, { description: 'the closing' }) input: CloseApplicationInput,
    @Ctx() ctx: Context,
  ) {
    return closeApplication(ctx, input);
  }

  @FieldResolver(() => String, {
    description:
      '身份证号, masked (6301**********1234) unless you administer the holding (or receiving) organization',
  })
  idNumber(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return applicantPersonalField(ctx, a, 'idNumber');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      '联系电话 — phone, masked (138****5678) unless you administer the holding (or receiving) organization',
  })
  phone(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return applicantPersonalField(ctx, a, 'phone');
  }

  @FieldResolver(() => PartyOrganization, {
    description: '接收入党申请书的流动党员党组织 — where the letter was received',
  })
  receivingOrganization(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.receivingOrganization);
  }

  @FieldResolver(() => PartyOrganization, {
    description: '培养党组织 — the organization training the applicant now',
  })
  holder(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.holder);
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: '接收中的党支部 — during HANDOVER_PENDING, the branch it is handed to',
  })
  pendingTo(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, a.pendingTo);
  }

  @FieldResolver(() => [PartyMember], {
    description: '培养联系人 — the activist’s one or two current training contacts',
  })
  async trainingContacts(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    const contacts = await Promise.all([
      loadRef(ctx, PartyMember, a.firstContact),
      loadRef(ctx, PartyMember, a.secondContact),
    ]);
    return contacts.filter((m): m is PartyMember => !!m);
  }

  @FieldResolver(() => [ApplicantTrainingRecord], {
    description: '培养教育考察记录 — the whole record, oldest first (it travels with the applicant)',
  })
  trainingRecords(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return loadMany(ctx, ApplicantTrainingRecord, 'applicant', a.id, { heldOn: 'asc', id: 'asc' });
  }

  @FieldResolver(() => [ApplicantHandover], {
    description: '移交记录 — the applicant’s handovers, oldest first',
  })
  handovers(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return loadMany(ctx, ApplicantHandover, 'applicant', a.id, { requestedAt: 'asc', id: 'asc' });
  }

  @FieldResolver(() => DateScalar, { description: '谈话期限 — the talk is due within a month of receivedOn' })
  talkDueOn(@Root() a: MembershipApplicant) {
    return talkDueOn(a.receivedOn);
  }

  @FieldResolver(() => Boolean, { description: '谈话逾期 — no talk recorded and the month has passed' })
  talkOverdue(@Root() a: MembershipApplicant, @Ctx() ctx: Context) {
    return !a.talkedOn && a.status !== ApplicantStatus.CLOSED && today(ctx) > talkDueOn(a.receivedOn);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      '下次考察期限 — an activist is assessed every half year; null for applicants and closed records',
  })
  assessmentDueOn(@Root() a: MembershipApplicant) {
    return assessmentDueOn(a);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      '培养满一年 — from this day an activist may be considered as a development target (发展对象)',
  })
  developmentTargetFrom(@Root() a: MembershipApplicant) {
    return developmentTargetFrom(a);
  }
}

@Resolver(() => ApplicantTrainingRecord)
export class ApplicantTrainingRecordResolver {
  @FieldResolver(() => PartyOrganization, {
    description: '记录党组织 — the holding organization at the time',
  })
  organization(@Root() r: ApplicantTrainingRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, r.organization);
  }

  @FieldResolver(() => PartyMember, {
    nullable: true,
    description: '培养联系人 — the contact it was done by, if any',
  })
  contact(@Root() r: ApplicantTrainingRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, r.contact);
  }
}

@Resolver(() => ApplicantHandover)
export class ApplicantHandoverResolver {
  @FieldResolver(() => MembershipApplicant, {
    description: '入党申请人 — who was handed over (masked outside its holders)',
  })
  applicant(@Root() h: ApplicantHandover, @Ctx() ctx: Context) {
    return loadRef(ctx, MembershipApplicant, h.applicant);
  }

  @FieldResolver(() => PartyOrganization, { description: '移交党组织 — the sending organization' })
  fromOrganization(@Root() h: ApplicantHandover, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, h.fromOrganization);
  }

  @FieldResolver(() => PartyOrganization, { description: '接收党支部 — the receiving branch' })
  toOrganization(@Root() h: ApplicantHandover, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, h.toOrganization);
  }
}
