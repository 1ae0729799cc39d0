import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';
import { today } from '../party.support';
import {
  MobileMemberSurvey,
  MobileOrgLeader,
  PartyBuildingInstructor,
  PartyWorkerTraining,
} from './workforce.entity';
import {
  appointLeader,
  assignInstructor,
  endInstructor,
  endLeader,
  instructorPhone,
  listInstructors,
  listLeaders,
  listSurveys,
  listWorkerTrainings,
  mobileMembersOn,
  recordSurvey,
  recordWorkerTraining,
} from './workforce.service';
import {
  AppointMobileOrgLeaderInput,
  AssignPartyBuildingInstructorInput,
  EndMobileOrgLeaderInput,
  EndPartyBuildingInstructorInput,
  RecordMobileMemberSurveyInput,
  RecordPartyWorkerTrainingInput,
  WorkforceFilter,
} from './workforce.types';

export const MobileOrgLeaderConnection = ConnectionType(MobileOrgLeader, 'MobileOrgLeader');
export const MobileMemberSurveyConnection = ConnectionType(MobileMemberSurvey, 'MobileMemberSurvey');
export const PartyBuildingInstructorConnection = ConnectionType(
  PartyBuildingInstructor,
  'PartyBuildingInstructor',
);
export const PartyWorkerTrainingConnection = ConnectionType(PartyWorkerTraining, 'PartyWorkerTraining');

const filterArg = { nullable: true, description: 'which ones; default all in scope' } as const;
const ABOVE =
  'ORG_ADMIN / ORG_DEPARTMENT whose scope holds the organization above the mobile-member organization (not the organization itself: FORBIDDEN)';

@Resolver(() => MobileOrgLeader)
export class MobileOrgLeaderResolver {
  @Query(() => MobileOrgLeaderConnection, {
    description:
      '流动党员党组织负责人 — leaders of mobile-member organizations in your scope, newest term first (any party role; a MEMBER sees its own posts)',
  })
  mobileOrgLeaders(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('filter', () => WorkforceFilter, filterArg) filter: WorkforceFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listLeaders(ctx, args, filter);
  }

  @Mutation(() => MobileOrgLeader, {
    description: `选优配强负责人 — ${ABOVE}. BAD_USER_INPUT for an organization that is not a mobile-member one, a member who is not a full member reported to it or of the side that set it up, a start in the future; CONFLICT for a second current secretary or a second post of one member`,
  })
  appointMobileOrgLeader(
    @Arg('input', () => AppointMobileOrgLeaderInput, { description: 'the appointment' })
    input: AppointMobileOrgLeaderInput,
    @Ctx() ctx: Context,
  ) {
    return appointLeader(ctx, input);
  }

  @Mutation(() => MobileOrgLeader, {
    description: `离任 — ${ABOVE}. INVALID_TRANSITION for an ended term; BAD_USER_INPUT for a bad day`,
  })
  endMobileOrgLeaderTerm(
    @Arg('input', () => EndMobileOrgLeaderInput, { description: 'the end of the term' })
    input: EndMobileOrgLeaderInput,
    @Ctx() ctx: Context,
  ) {
    return endLeader(ctx, input);
  }

  @FieldResolver(() => PartyOrganization, { description: '流动党员党组织 — the organization led' })
  organization(@Root() l: MobileOrgLeader, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, l.organization);
  }

  @FieldResolver(() => PartyMember, { description: '党员 — the leader (personal data masked by scope)' })
  member(@Root() l: MobileOrgLeader, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, l.member);
  }

  @FieldResolver(() => Boolean, { description: '任期已满 — in office past termEndsOn (换届 is due)' })
  termExpired(@Root() l: MobileOrgLeader, @Ctx() ctx: Context) {
    return !l.endedOn && today(ctx) >= l.termEndsOn;
  }
}

@Resolver(() => MobileMemberSurvey)
export class MobileMemberSurveyResolver {
  @Query(() => MobileMemberSurveyConnection, {
    description: '调查摸底 — surveys by organizations in your scope, newest first (any party role)',
  })
  mobileMemberSurveys(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('filter', () => WorkforceFilter, filterArg) filter: WorkforceFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listSurveys(ctx, args, filter);
  }

  @Mutation(() => MobileMemberSurvey, {
    description:
      '调查摸底 — ORG_ADMIN / ORG_DEPARTMENT of the surveying organization records what it found. FORBIDDEN outside the scope; BAD_USER_INPUT for figures that are not parts of foundCount, dates out of order or in the future, a bad region code',
  })
  recordMobileMemberSurvey(
    @Arg('input', () => RecordMobileMemberSurveyInput, { description: 'the survey' })
    input: RecordMobileMemberSurveyInput,
    @Ctx() ctx: Context,
  ) {
    return recordSurvey(ctx, input);
  }

  @FieldResolver(() => PartyOrganization, { description: '开展调查的党组织 — who surveyed' })
  organization(@Root() s: MobileMemberSurvey, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, s.organization);
  }

  @FieldResolver(() => Int, {
    description:
      '系统登记数 — mobile members the platform held for the area on completedOn (active records out of or into the surveying organization, destination in the area); foundCount minus this is the gap to register',
  })
  registeredInSystem(@Root() s: MobileMemberSurvey, @Ctx() ctx: Context) {
    return mobileMembersOn(ctx, s.orgPath, s.completedOn, s.regionCode);
  }
}

@Resolver(() => PartyBuildingInstructor)
export class PartyBuildingInstructorResolver {
  @Query(() => PartyBuildingInstructorConnection, {
    description:
      '党建指导员 — instructors sent by or to organizations in your scope, newest first (any party role)',
  })
  partyBuildingInstructors(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('filter', () => WorkforceFilter, filterArg) filter: WorkforceFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listInstructors(ctx, args, filter);
  }

  @Mutation(() => PartyBuildingInstructor, {
    description:
      '选派党建指导员 — ORG_DEPARTMENT whose scope holds the assigning committee. FORBIDDEN for other roles or outside the scope; APPROVER_LEVEL_TOO_LOW unless the assigning organization is a party committee at county level or above; BAD_USER_INPUT for an organization not below it, bad dates or phone',
  })
  assignPartyBuildingInstructor(
    @Arg('input', () => AssignPartyBuildingInstructorInput, { description: 'the assignment' })
    input: AssignPartyBuildingInstructorInput,
    @Ctx() ctx: Context,
  ) {
    return assignInstructor(ctx, input);
  }

  @Mutation(() => PartyBuildingInstructor, {
    description:
      '结束派驻 — ORG_DEPARTMENT whose scope holds the assigning committee. INVALID_TRANSITION for an ended assignment; BAD_USER_INPUT for a bad day',
  })
  endPartyBuildingInstructor(
    @Arg('input', () => EndPartyBuildingInstructorInput, { description: 'the end' })
    input: EndPartyBuildingInstructorInput,
    @Ctx() ctx: Context,
  ) {
    return endInstructor(ctx, input);
  }

  @FieldResolver(() => String, {
    description:
      '联系电话 — masked (138****5678) unless you administer the assigning committee or the organization served',
  })
  phone(@Root() i: PartyBuildingInstructor, @Ctx() ctx: Context) {
    return instructorPhone(ctx, i);
  }

  @FieldResolver(() => PartyOrganization, {
    description: '选派党委 — the committee that sent the instructor',
  })
  assigningOrganization(@Root() i: PartyBuildingInstructor, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, i.assigningOrganization);
  }

  @FieldResolver(() => PartyOrganization, { description: '派驻的基层党组织 — the organization served' })
  organization(@Root() i: PartyBuildingInstructor, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, i.organization);
  }
}

@Resolver(() => PartyWorkerTraining)
export class PartyWorkerTrainingResolver {
  @Query(() => PartyWorkerTrainingConnection, {
    description:
      '党务工作者培训 — trainings held by organizations in your scope, newest first (any party role)',
  })
  partyWorkerTrainings(
    @Args(() => PageArgs) args: PageArgs,
    @Arg('filter', () => WorkforceFilter, filterArg) filter: WorkforceFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listWorkerTrainings(ctx, args, filter);
  }

  @Mutation(() => PartyWorkerTraining, {
    description:
      '党务工作者培训 — ORG_ADMIN / ORG_DEPARTMENT of the organizing organization records a training. FORBIDDEN outside the scope; BAD_USER_INPUT for dates out of order or in the future, hours outside 1–200, no or repeated trainees',
  })
  recordPartyWorkerTraining(
    @Arg('input', () => RecordPartyWorkerTrainingInput, { description: 'the training' })
    input: RecordPartyWorkerTrainingInput,
    @Ctx() ctx: Context,
  ) {
    return recordWorkerTraining(ctx, input);
  }

  @FieldResolver(() => PartyOrganization, { description: '举办党组织 — who held it' })
  organization(@Root() t: PartyWorkerTraining, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, t.organization);
  }

  @FieldResolver(() => [String], { description: '参训人员 — the trainees, as recorded' })
  trainees(@Root() t: PartyWorkerTraining) {
    return t.traineeList.split('\n');
  }
}
