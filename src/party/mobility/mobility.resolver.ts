import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { DutyRecord } from '../duty/duty.entity';
import { DutyDefinition } from '../duty/duty.types';
import { overdueDutiesOf } from '../duty/duty.service';
import { PartyMember } from '../member/member.entity';
import { MobilityRecord } from './mobility.entity';
import { daysUnreported, isMobileToday, lostContactToday, shouldTransferToday } from './mobility.rules';
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
import { PartyOrganization } from '../organization/organization.entity';
import { MobilityRecordConnection } from '../party.connections';
import { loadDutyRecords, loadRef } from '../party.loaders';
import { maskPhone } from '../party.policy';
import { today } from '../party.support';

@Resolver(() => MobilityRecord)
export class MobilityResolver {
  @Query(() => MobilityRecord, {
    nullable: true,
    description:
      '流动党员登记 by id, if in your scope (outflow or inflow side; a MEMBER its own); null otherwise. UNAUTHENTICATED / FORBIDDEN for non-party viewers',
  })
  mobilityRecord(@Arg('id', () => ID, { description: 'the record’s id' }) id: string, @Ctx() ctx: Context) {
    return getMobilityRecord(ctx, id);
  }

  @Query(() => MobilityRecordConnection, {
    description:
      'mobility records in your scope, longest away first (unreported lists: status REGISTERED + unreportedForDays)',
  })
  mobilityRecords(
    @Args() page: PageArgs,
    @Arg('filter', () => MobilityFilter, {
      nullable: true,
      description: 'which records; default all in scope',
    })
    filter: MobilityFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listMobilityRecords(ctx, page, filter);
  }

  @Mutation(() => MobilityRecord, {
    description:
      '流出登记 — ORG_ADMIN / ORG_DEPARTMENT administering the member’s formal organization. FORBIDDEN outside the scope; CONFLICT when the member already has an active record; BAD_USER_INPUT',
  })
  registerOutflow(
    @Arg('input', () => RegisterOutflowInput, { description: 'the outflow' }) input: RegisterOutflowInput,
    @Ctx() ctx: Context,
  ) {
    return registerOutflow(ctx, input);
  }

  @Mutation(() => MobilityRecord, {
    description:
      '报到 — the member itself, or an administrator of the inflow organization (流入登记); takes effect at once. FORBIDDEN otherwise; CONFLICT when already reported; NOT_MOBILE_ELIGIBLE when the record has ended; BAD_USER_INPUT',
  })
  reportToInflow(
    @Arg('input', () => ReportToInflowInput, { description: 'the report' }) input: ReportToInflowInput,
    @Ctx() ctx: Context,
  ) {
    return reportToInflow(ctx, input);
  }

  @Mutation(() => MobilityRecord, {
    description:
      '确定专人联系 — ORG_ADMIN / ORG_DEPARTMENT, each side for itself (the outflow or inflow organization in scope). FORBIDDEN otherwise; NOT_MOBILE_ELIGIBLE when the record has ended',
  })
  assignContact(
    @Arg('input', () => AssignContactInput, { description: 'the contact' }) input: AssignContactInput,
    @Ctx() ctx: Context,
  ) {
    return assignContact(ctx, input);
  }

  @Mutation(() => MobilityRecord, {
    description:
      'a change of destination reported (duty MEMBER_4) — the member itself, or an administrator of the outflow organization. FORBIDDEN otherwise; NOT_MOBILE_ELIGIBLE when the record has ended; BAD_USER_INPUT when nothing is reported',
  })
  updateMobility(
    @Arg('input', () => UpdateMobilityInput, { description: 'the change' }) input: UpdateMobilityInput,
    @Ctx() ctx: Context,
  ) {
    return updateMobility(ctx, input);
  }

  @Mutation(() => MobilityRecord, {
    description:
      'ORG_ADMIN / ORG_DEPARTMENT of the outflow organization ends the record (return, transfer, other). FORBIDDEN outside the scope; NOT_MOBILE_ELIGIBLE when already ended; BAD_USER_INPUT for a bad endedOn',
  })
  endMobility(
    @Arg('input', () => EndMobilityInput, { description: 'the end' }) input: EndMobilityInput,
    @Ctx() ctx: Context,
  ) {
    return endMobility(ctx, input);
  }

  @FieldResolver(() => PartyMember, { description: '流动党员 — the member (personal data masked by scope)' })
  member(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, r.member);
  }

  @FieldResolver(() => PartyOrganization, {
    description: '流出地（单位）党组织 — the member’s formal organization that registered the outflow',
  })
  outflowOrganization(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, r.outflowOrganization);
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: '流入地（单位）党组织 — the organization the member reported to; null before the report',
  })
  inflowOrganization(@Root() r: MobilityRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, r.inflowOrganization);
  }

  @FieldResolver(() => ContactPerson, {
    nullable: true,
    description: 'the outflow organization’s named contact (duty OUTFLOW_2); null until assigned',
  })
  async outflowContact(@Root() r: MobilityRecord, @Ctx() ctx: Context): Promise<ContactPerson | null> {
    if (!r.outflowContactName || !r.outflowContactPhone || !r.outflowContactAssignedAt) return null;
    return contact(ctx, r, r.outflowContactName, r.outflowContactPhone, r.outflowContactAssignedAt);
  }

  @FieldResolver(() => ContactPerson, {
    nullable: true,
    description: 'the inflow organization’s named contact (duty INFLOW_2); null until assigned',
  })
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

  @FieldResolver(() => Boolean, {
    description:
      '应转尽转 — reported to one inflow organization for TRANSFER_SUGGEST_MONTHS (12) months or more: the relationship should transfer there',
  })
  shouldTransfer(@Root() r: MobilityRecord, @Ctx() ctx: Context): boolean {
    return shouldTransferToday(r, today(ctx), ctx.config.transferSuggestMonths);
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
