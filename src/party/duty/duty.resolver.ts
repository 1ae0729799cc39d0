import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { DutyRecord } from './duty.entity';
import { catalogOf, dutySpec, recordDuty } from './duty.service';
import { DutyDefinition, RecordDutyInput } from './duty.types';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';

@Resolver(() => DutyRecord)
export class DutyResolver {
  @Query(() => [DutyDefinition], {
    description:
      '责任清单: the 18 duties with this deployment’s cadences (public, like the document they come from)',
  })
  dutyCatalog(@Ctx() ctx: Context): DutyDefinition[] {
    return catalogOf(ctx).map(DutyDefinition.of);
  }

  @Mutation(() => DutyRecord, {
    description:
      '履责记录 — an outflow duty by the outflow organization’s administrators, an inflow duty by the inflow organization’s, a member duty by the member (FORBIDDEN otherwise). NOT_MOBILE_ELIGIBLE when the record has ended; BAD_USER_INPUT for an unknown duty or a bad performedAt',
  })
  recordDuty(
    @Arg('input', () => RecordDutyInput, { description: 'the duty met' }) input: RecordDutyInput,
    @Ctx() ctx: Context,
  ) {
    return recordDuty(ctx, input);
  }

  @FieldResolver(() => DutyDefinition, { description: '责任清单事项 — the duty met' })
  duty(@Root() d: DutyRecord, @Ctx() ctx: Context): DutyDefinition {
    return DutyDefinition.of(dutySpec(ctx, d.dutyCode)!);
  }

  @FieldResolver(() => MobilityRecord, { description: '流动党员登记 — the mobility record it was met for' })
  mobilityRecord(@Root() d: DutyRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, MobilityRecord, d.mobilityRecord);
  }

  @FieldResolver(() => PartyOrganization, {
    nullable: true,
    description: 'the organization that did it; null when the member did it',
  })
  organization(@Root() d: DutyRecord, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, d.organization);
  }
}
