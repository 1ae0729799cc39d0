import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import { requireRole } from '../../common/access';
import { DomainError, ErrorCode } from '../../common/errors';
import { containsText, listContains } from '../../common/orm-types';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { Role } from '../../common/viewer';
import type { Context } from '../../common/request/context';
import { findPage } from '../land.loaders';
import { LandParcel } from './parcel.entity';
import { validateParcelInput } from './parcel.rules';
import type { CreateParcelInput, ParcelFilter } from './parcel.types';

export async function listParcels(
  ctx: Context,
  args: PageArgs,
  filter?: ParcelFilter | null,
): Promise<Connection<LandParcel>> {
  const page = toPage(args);
  const where: FilterQuery<LandParcel>[] = [];
  if (filter?.codeContains) where.push(containsText('code', filter.codeContains) as FilterQuery<LandParcel>);
  if (filter?.city) where.push({ city: filter.city });
  if (filter?.district) where.push({ district: filter.district });
  if (filter?.landUse) where.push(listContains('land_uses', filter.landUse) as FilterQuery<LandParcel>);
  const [items, total] = await findPage(
    ctx,
    LandParcel,
    { $and: where },
    { orderBy: { code: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

export async function createParcel(ctx: Context, input: CreateParcelInput): Promise<LandParcel> {
  requireRole(ctx.viewer, Role.TRADING_CENTER);
  const valid = validateParcelInput(input);
  const parcel = ctx.em.create(LandParcel, {
    ...valid,
    obligations: valid.obligations ?? [],
    notes: valid.notes ?? [],
    createdAt: ctx.clock.now(),
  });
  try {
    await ctx.em.persistAndFlush(parcel);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.CONFLICT, `a parcel with code ${valid.code} already exists`);
    }
    throw error;
  }
  return parcel;
}
