import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../common/pagination';
import type { Context } from '../server/context';
import { DutyRecord } from './duty.entity';
import { DutyDefinition } from './duty.types';
import { overdueDutiesOf } from './duty.service';
import { PartyMember } from './member.entity';
import { MobilityRecord } from './mobility.entity';
import { daysUnreported, isMobileToday, lostContactToday } from './mobility.rules';
import {
  assignContact,
  endMobility,
  getMobilityRecord,
  listMobilityRecords,
  reachesMemberOf,
  registerOutflow,
  reportToInflow,
  updateMobility,
} from './mobility.service';
import {
  AssignContactInput,
  ContactPerson,
  EndMobilityInput,
  MobilityFilter,
  RegisterOutflowInput,
  ReportToInflowInput,
  UpdateMobilityInput,
} from './mobility.types';
import { PartyOrganization } from './organization.entity';
import { MobilityRecordConnection } from './party.connections';
import { loadDutyRecords, loadRef } from './party.loaders';
import { maskPhone } from './party.policy';
import { today } from './party.support';

@Resolver(() => MobilityRecord)
export class MobilityResolver {
  @Query(() => MobilityRecord, { nullable: true, description: '流动党员登记 by id, if in your scope' })
  mobilityRecord(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return getMobilityRecord(ctx, id);
  }

  @Query(() => MobilityRecordConnection, {
    description:
      'mobility records in your scope, longest away first (unreported lists: status REGISTERED + unreportedForDays)',
  })
  mobilityRecords(
    @Args() page: PageArgs,
    @Arg('filter', () => MobilityFilter, { nullable: true }) filter: MobilityFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listMobilityRecords(ctx, page, filter);
  }

  @Mutation(() => MobilityRecord, {
    description: '流出登记: administrators of the member’s formal organization',
  })
  registerOutflow(
    @Arg('input', () => RegisterOutflowInput) input: RegisterOutflowInput,
    @Ctx() ctx: Context,
  ) {
    return registerOutflow(ctx, input);
  }

  @Mutation(() => MobilityRecord, {
    description: '报到: the member itself, or an administrator of the inflow organization (流入登记)',
  })
  reportToInflow(@Arg('input', () => ReportToInflowInput) input: ReportToInflowInput, @Ctx() ctx: Context) {
    return reportToInflow(ctx, input);
  }

  @Mutation(() => MobilityRecord, { description: '确定专人联系: each side for itself' })
  assignContact(@Arg('input', () => AssignContactInput) input: AssignContactInput, @Ctx() ctx: Context) {
    return assignContact(ctx, input);
  }

  @Mutation(() => MobilityRecord, { description: 'a change of destination reported (duty MEMBER_4)' })
  updateMobility(@Arg('input', () => UpdateMobilityInput) input: UpdateMobilityInput, @Ctx() ctx: Context) {
    return updateMobility(ctx, input);
  }

  @Mutation(() => MobilityRecord, {
    description: 'the outflow organization ends the record (return, transfer, other)',
  })
  endMobility(@Arg('input', () => EndMobilityInput) input: EndMobilityInput, @Ctx() ctx: Context) {
    return endMobility(ctx, input);
  }

  @FieldResolver(() => PartyMember)
  member(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, r.member);
  }

  @FieldResolver(() => PartyOrganization)
  outflowOrganization(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, r.outflowOrganization);
  }

  @FieldResolver(() => PartyOrganization, { nullable: true })
  inflowOrganization(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, r.inflowOrganization);
  }

  @FieldResolver(() => ContactPerson, { nullable: true })
  async outflowContact(@Root() r: MobilityRecord, @Ctx() ctx: Context): Promise<ContactPerson | null> {
    if (!r.outflowContactName || !r.outflowContactPhone || !r.outflowContactAssignedAt) return null;
    return contact(ctx, r, r.outflowContactName, r.outflowContactPhone, r.outflowContactAssignedAt);
  }

  @FieldResolver(() => ContactPerson, { nullable: true })
  async inflowContact(@Root() r: MobilityRecord, @Ctx() ctx: Context): Promise<ContactPerson | null> {
    if (!r.inflowContactName || !r.inflowContactPhone || !r.inflowContactAssignedAt) return null;
    return contact(ctx, r, r.inflowContactName, r.inflowContactPhone, r.inflowContactAssignedAt);
  }

  @FieldResolver(() => Boolean, { description: 'active, and today is on or after mobileFrom' })
  isMobile(@Root() r: MobilityRecord, @Ctx() ctx: Context): boolean {
    return isMobileToday(r, today(ctx));
  }

  @FieldResolver(() => Boolean, {
    description:
      '失联: no contact recorded on either side for more than LOST_CONTACT_DAYS days (180 by default)',
  })
  lostContact(@Root() r: MobilityRecord, @Ctx() ctx: Context): boolean {
    return lostContactToday(r, today(ctx), ctx.config.lostContactDays);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'days since departure without reporting to an inflow organization; null once reported or ended',
  })
  daysUnreported(@Root() r: MobilityRecord, @Ctx() ctx: Context): number | null {
    return daysUnreported(r, today(ctx));
  }

  @FieldResolver(() => [DutyRecord], { description: 'every duty record, oldest first' })
  dutyRecords(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadDutyRecords(ctx, r.id);
  }

  @FieldResolver(() => [DutyDefinition], {
    description: 'duties whose deadline or cadence has lapsed as of today',
  })
  async overdueDuties(@Root() r: MobilityRecord, @Ctx() ctx: Context): Promise<DutyDefinition[]> {
    return (await overdueDutiesOf(ctx, r)).map(DutyDefinition.of);
  }
}

async function contact(
  ctx: Context,
  r: MobilityRecord,
  name: string,
  phone: string,
  assignedAt: Date,
): Promise<ContactPerson> {
  const clear = await reachesMemberOf(ctx, r);
  return Object.assign(new ContactPerson(), { name, phone: clear ? phone : maskPhone(phone), assignedAt });
}
