import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { CareRecord } from './care.entity';
import { recordCare } from './care.service';
import { RecordCareInput } from './care.types';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';

@Resolver(() => CareRecord)
export class CareResolver {
  @Mutation(() => CareRecord, {
    description:
      '关怀帮扶 — ORG_ADMIN / ORG_DEPARTMENT administering the organization (INFLOW_4 when given by the inflow side). FORBIDDEN outside the scope; BAD_USER_INPUT when the member is on neither side of the organization or the date is in the future',
  })
  recordCare(
    @Arg('input', () => RecordCareInput, { description: 'the care given' }) input: RecordCareInput,
    @Ctx() ctx: Context,
  ) {
    return recordCare(ctx, input);
  }

  @FieldResolver(() => PartyMember, { description: 'the member cared for' })
  member(@Root() c: CareRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, c.member);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the organization that gave it' })
  organization(@Root() c: CareRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, c.organization);
  }
}
