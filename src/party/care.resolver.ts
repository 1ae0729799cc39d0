import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../server/context';
import { CareRecord } from './care.entity';
import { recordCare } from './care.service';
import { RecordCareInput } from './care.types';
import { PartyMember } from './member.entity';
import { PartyOrganization } from './organization.entity';
import { loadRef } from './party.loaders';

@Resolver(() => CareRecord)
export class CareResolver {
  @Mutation(() => CareRecord, { description: '关怀帮扶 (INFLOW_4 when given by the inflow side)' })
  recordCare(@Arg('input', () => RecordCareInput) input: RecordCareInput, @Ctx() ctx: Context) {
    return recordCare(ctx, input);
  }

  @FieldResolver(() => PartyMember)
  member(@Root() c: CareRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, c.member);
  }

  @FieldResolver(() => PartyOrganization)
  organization(@Root() c: CareRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, c.organization);
  }
}
