/** What makes a parcel description acceptable. Pure: the service persists what these return. */
import { badInput } from '../../common/errors';
import { toScaled } from '../../common/decimal';
import { requiredText as text } from '../land.input';
import type { CreateParcelInput, PlanningIndicators } from './parcel.types';

const SCALE = 10;
const scaled = (v: string) => toScaled(v, SCALE);
const HUNDRED = scaled('100');

function nonNegative(value: string | null | undefined, field: string): void {
  if (value != null && scaled(value) < 0n) throw badInput(`${field} must not be negative`, { field });
}

function checkPlanning(p: PlanningIndicators): PlanningIndicators {
  const fields = [
    'floorAreaRatioMin',
    'floorAreaRatioMax',
    'buildingDensityMaxPercent',
    'greenRatioMinPercent',
    'buildingHeightMaxM',
  ] as const;
  for (const f of fields) nonNegative(p[f], `planning.${f}`);
  if (
    p.floorAreaRatioMin != null &&
    p.floorAreaRatioMax != null &&
    scaled(p.floorAreaRatioMin) > scaled(p.floorAreaRatioMax)
  ) {
    throw badInput('planning.floorAreaRatioMin must not exceed floorAreaRatioMax', {
      field: 'planning.floorAreaRatioMin',
    });
  }
  if (p.floorAreaRatioMax != null && scaled(p.floorAreaRatioMax) === 0n) {
    throw badInput('planning.floorAreaRatioMax must be above 0', { field: 'planning.floorAreaRatioMax' });
  }
  for (const f of ['buildingDensityMaxPercent', 'greenRatioMinPercent'] as const) {
    const v = p[f];
    if (v != null && scaled(v) > HUNDRED)
      throw badInput(`planning.${f} must be at most 100`, { field: `planning.${f}` });
  }
  const out: PlanningIndicators = {};
  for (const f of fields) out[f] = p[f] ?? null;
  return out;
}

export function validateParcelInput(input: CreateParcelInput): CreateParcelInput {
  if (scaled(input.areaSqm) <= 0n) throw badInput('areaSqm must be above 0', { field: 'areaSqm' });
  if (input.landUses.length === 0)
    throw badInput('landUses must name at least one use', { field: 'landUses' });
  if (new Set(input.landUses).size !== input.landUses.length)
    throw badInput('landUses lists a use twice', { field: 'landUses' });
  const terms = input.leaseTerms;
  if (new Set(terms.map((t) => t.landUse)).size !== terms.length) {
    throw badInput('leaseTerms lists a use twice', { field: 'leaseTerms' });
  }
  for (const term of terms) {
    // 住宅 70, 工业 50, 商业 40: the statutory maxima; none is above 70
    if (!Number.isInteger(term.years) || term.years < 1 || term.years > 70) {
      throw badInput('leaseTerms.years must be between 1 and 70', { field: 'leaseTerms.years' });
    }
    if (!input.landUses.includes(term.landUse)) {
      throw badInput(`leaseTerms names ${term.landUse}, which is not among landUses`, {
        field: 'leaseTerms',
      });
    }
  }
  const obligations = (input.obligations ?? []).map((o, i) => {
    if (o.households != null && (!Number.isInteger(o.households) || o.households < 0)) {
      throw badInput('obligations.households must not be negative', { field: `obligations.${i}.households` });
    }
    nonNegative(o.areaSqm, `obligations.${i}.areaSqm`);
    return {
      kind: o.kind,
      description: text(o.description, `obligations.${i}.description`, 2000),
      households: o.households ?? null,
      areaSqm: o.areaSqm ?? null,
      recipient: o.recipient?.trim() || null,
    };
  });
  const notes = (input.notes ?? []).map((n, i) => text(n, `notes.${i}`, 2000));
  if (notes.length > 50) throw badInput('at most 50 notes', { field: 'notes' });
  return {
    code: text(input.code, 'code', 64),
    city: text(input.city, 'city', 64),
    district: text(input.district, 'district', 64),
    location: text(input.location, 'location', 500),
    areaSqm: input.areaSqm,
    landUses: input.landUses,
    planning: checkPlanning(input.planning),
    leaseTerms: terms.map((t) => ({ landUse: t.landUse, years: t.years })),
    obligations,
    notes,
  };
}

/** areaSqm × floorAreaRatioMax, exact, to 2 decimals (half-up); null without a maximum ratio. */
export function maxGrossFloorArea(
  areaSqm: string,
  floorAreaRatioMax: string | null | undefined,
): string | null {
  if (floorAreaRatioMax == null) return null;
  const product = toScaled(areaSqm, SCALE) * toScaled(floorAreaRatioMax, SCALE); // scale 20
  const divisor = 10n ** 18n;
  const rounded = (product * 2n + divisor) / (2n * divisor); // to scale 2, half-up (non-negative)
  const s = rounded.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
