import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import { isUuid } from '../../common/ids';
import { DecimalScalar } from '../../common/scalars';
import type { Context } from '../../common/request/context';
import { LandParcel } from './parcel.entity';
import { maxGrossFloorArea } from './parcel.rules';
import { createParcel, listParcels } from './parcel.service';
import { CreateParcelInput, ParcelFilter } from './parcel.types';

export const LandParcelConnection = ConnectionType(LandParcel, 'LandParcel');

@Resolver(() => LandParcel)
export class ParcelResolver {
  @Query(() => LandParcel, { nullable: true, description: '宗地 by id (public); null when there is none' })
  async parcel(
    @Arg('id', () => ID, { description: 'the parcel’s id' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<LandParcel | null> {
    return isUuid(id) ? ctx.em.findOne(LandParcel, { id }) : null;
  }

  @Query(() => LandParcelConnection, { description: '宗地 — land parcels (public), ordered by code' })
  parcels(
    @Args() page: PageArgs,
    @Arg('filter', () => ParcelFilter, { nullable: true, description: 'which parcels; default all' })
    filter: ParcelFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listParcels(ctx, page, filter);
  }

  @Mutation(() => LandParcel, {
    description: 'TRADING_CENTER: record a parcel. CONFLICT for a code in use; BAD_USER_INPUT',
  })
  createParcel(
    @Arg('input', () => CreateParcelInput, { description: 'the parcel' }) input: CreateParcelInput,
    @Ctx() ctx: Context,
  ): Promise<LandParcel> {
    return createParcel(ctx, input);
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description: 'areaSqm × floorAreaRatioMax: the most floor area that may be built (m²)',
  })
  maxGrossFloorAreaSqm(@Root() parcel: LandParcel): string | null {
    return maxGrossFloorArea(parcel.areaSqm, parcel.planning.floorAreaRatioMax);
  }
}
