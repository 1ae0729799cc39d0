import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../common/scalars';

export enum LandUse {
  RESIDENTIAL = 'RESIDENTIAL',
  COMMERCIAL = 'COMMERCIAL',
  INDUSTRIAL = 'INDUSTRIAL',
  PUBLIC_SERVICE = 'PUBLIC_SERVICE',
  OTHER = 'OTHER',
}
registerEnumType(LandUse, {
  name: 'LandUse',
  description: '土地用途 — land use category of a parcel',
  valuesConfig: {
    RESIDENTIAL: { description: '住宅用地 — residential' },
    COMMERCIAL: { description: '商服用地 — commercial and service' },
    INDUSTRIAL: { description: '工业用地 — industrial' },
    PUBLIC_SERVICE: { description: '公共管理与公共服务用地 — public administration and public services' },
    OTHER: { description: '其他 — other' },
  },
});

export enum ObligationKind {
  RESETTLEMENT_HOUSING = 'RESETTLEMENT_HOUSING',
  OTHER = 'OTHER',
}
registerEnumType(ObligationKind, {
  name: 'ObligationKind',
  description: '出让附加条件 — what the buyer must do besides paying',
  valuesConfig: {
    RESETTLEMENT_HOUSING: {
      description:
        '原址回迁安置（无偿建还） — build resettlement housing free of charge for households rehoused on site',
    },
    OTHER: { description: '其他 — another obligation, described in words' },
  },
});

@ObjectType('PlanningIndicators', { description: '规划指标 — planning indicators of a parcel' })
@InputType('PlanningIndicatorsInput', { description: '规划指标 — planning indicators of a new parcel' })
export class PlanningIndicators {
  @Field(() => DecimalScalar, { nullable: true, description: '容积率下限 — floor-area ratio, minimum' })
  floorAreaRatioMin?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: '容积率上限 — floor-area ratio, maximum' })
  floorAreaRatioMax?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '建筑密度上限（%） — building density, maximum percent',
  })
  buildingDensityMaxPercent?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '绿地率下限（%） — green ratio, minimum percent',
  })
  greenRatioMinPercent?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: '建筑高度上限（米） — building height, maximum metres',
  })
  buildingHeightMaxM?: string | null;
}

@ObjectType('LeaseTerm', { description: '出让年限 — lease term per land use' })
@InputType('LeaseTermInput', { description: '出让年限 — lease term for one land use' })
export class LeaseTerm {
  @Field(() => LandUse, { description: '土地用途 — the land use the term applies to' })
  landUse!: LandUse;

  @Field(() => Int, { description: '出让年限 — years' })
  years!: number;
}

@ObjectType('ParcelObligation', { description: '竞得人义务 — an obligation that comes with the parcel' })
@InputType('ParcelObligationInput', {
  description: '竞得人义务 — an obligation that comes with a new parcel',
})
export class ParcelObligation {
  @Field(() => ObligationKind, { description: '出让附加条件 — kind of obligation' })
  kind!: ObligationKind;

  @Field({ description: 'the obligation in words, as the notice states it' })
  description!: string;

  @Field(() => Int, { nullable: true, description: 'households to rehouse (户)' })
  households?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'floor area to build, m²' })
  areaSqm?: string | null;

  @Field(() => String, { nullable: true, description: 'who receives what is built, e.g. 城东区城乡建设局' })
  recipient?: string | null;
}

@InputType('ParcelFilter', { description: '宗地筛选 — which parcels to list; all given conditions apply' })
export class ParcelFilter {
  @Field(() => String, { nullable: true, description: 'part of the parcel code (编号), case-insensitive' })
  codeContains?: string | null;

  @Field(() => String, { nullable: true, description: '城市, exact' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: '区县, exact' })
  district?: string | null;

  @Field(() => LandUse, { nullable: true, description: 'parcels that include this use' })
  landUse?: LandUse | null;
}

@InputType('CreateParcelInput', { description: '宗地 — a new land parcel, as a listing notice describes it' })
export class CreateParcelInput {
  @Field({ description: '编号 — parcel code, e.g. 2024C-5; unique (CONFLICT)' })
  code!: string;

  @Field({ description: '城市 — city, e.g. 西宁市' })
  city!: string;

  @Field({ description: '区县 — district, e.g. 城东区' })
  district!: string;

  @Field({ description: '土地位置 — location, e.g. 城东区夏都大街以北' })
  location!: string;

  @Field(() => DecimalScalar, { description: '出让面积 — area offered, m²' })
  areaSqm!: string;

  @Field(() => [LandUse], { description: '土地用途 — the parcel’s land uses' })
  landUses!: LandUse[];

  @Field(() => PlanningIndicators, { description: '规划指标 — planning indicators' })
  planning!: PlanningIndicators;

  @Field(() => [LeaseTerm], { description: '出让年限 — lease term per land use' })
  leaseTerms!: LeaseTerm[];

  @Field(() => [ParcelObligation], { nullable: true, description: '竞得人义务 — obligations; default none' })
  obligations?: ParcelObligation[] | null;

  @Field(() => [String], { nullable: true, description: '其他说明 — further notes; default none' })
  notes?: string[] | null;
}
