import type { SeedContext } from '../src/common/module';
import { LandParcel } from '../src/land/parcel.entity';
import { validateParcelInput } from '../src/land/parcel.rules';
import { PARCEL_2024C_5 } from './reference-2024C-5';

/** Loads the reference notice if it is missing. Idempotent: looks up by code first. */
export async function seedLand(ctx: SeedContext): Promise<void> {
  const em = ctx.em.fork();
  const existing = await em.findOne(LandParcel, { code: PARCEL_2024C_5.code });
  if (!existing) {
    const valid = validateParcelInput(PARCEL_2024C_5);
    em.create(LandParcel, {
      ...valid,
      obligations: valid.obligations ?? [],
      notes: valid.notes ?? [],
      createdAt: ctx.clock.now(),
    });
    await em.flush();
    ctx.log(`seeded parcel ${PARCEL_2024C_5.code}`);
  }
}
