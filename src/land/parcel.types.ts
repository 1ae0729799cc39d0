import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../common/scalars';

export enum LandUse {
  RESIDENTIAL = 'RESIDENTIAL',
  COMMERCIAL = 'COMMERCIAL',
  INDUSTRIAL = 'INDUSTRIAL',
  PUBLIC_SERVICE = 'PUBLIC_SERVICE',
  OTHER = 'OTHER',
}
registerEnumType(LandUse, {
  name: 'LandUse',
  description: '土地用途',
  valuesConfig: {
    RESIDENTIAL: { description: '住宅用地' },
    COMMERCIAL: { description: '商服用地' },
    INDUSTRIAL: { description: '工业用地' },
    PUBLIC_SERVICE: { description: '公共管理与公共服务用地' },
    OTHER: { description: '其他' },
  },
});

export enum ObligationKind {
  RESETTLEMENT_HOUSING = 'RESETTLEMENT_HOUSING',
  OTHER = 'OTHER',
}
registerEnumType(ObligationKind, {
  name: 'ObligationKind',
  description: 'what the buyer must do besides paying (出让附加条件)',
  valuesConfig: {
    RESETTLEMENT_HOUSING: { description: '原址回迁安置（无偿建还）' },
    OTHER: { description: '其他' },
  },
});

@ObjectType('PlanningIndicators', { description: '规划指标 — planning indicators of a parcel' })
@InputType('PlanningIndicatorsInput')
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
@InputType('LeaseTermInput')
export class LeaseTerm {
  @Field(() => LandUse)
  landUse!: LandUse;

  @Field(() => Int, { description: '出让年限 — years' })
  years!: number;
}

@ObjectType('ParcelObligation', { description: '竞得人义务 — an obligation that comes with the parcel' })
@InputType('ParcelObligationInput')
export class ParcelObligation {
  @Field(() => ObligationKind)
  kind!: ObligationKind;

  @Field()
  description!: string;

  @Field(() => Int, { nullable: true, description: 'households to rehouse (户)' })
  households?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'floor area to build, m²' })
  areaSqm?: string | null;

  @Field(() => String, { nullable: true, description: 'who receives what is built, e.g. 城东区城乡建设局' })
  recipient?: string | null;
}

@InputType('ParcelFilter')
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

@InputType('CreateParcelInput')
export class CreateParcelInput {
  @Field({ description: '编号, e.g. 2024C-5; unique' })
  code!: string;

  @Field()
  city!: string;

  @Field()
  district!: string;

  @Field({ description: '土地位置' })
  location!: string;

  @Field(() => DecimalScalar, { description: '出让面积, m²' })
  areaSqm!: string;

  @Field(() => [LandUse])
  landUses!: LandUse[];

  @Field(() => PlanningIndicators)
  planning!: PlanningIndicators;

  @Field(() => [LeaseTerm])
  leaseTerms!: LeaseTerm[];

  @Field(() => [ParcelObligation], { nullable: true })
  obligations?: ParcelObligation[] | null;

  @Field(() => [String], { nullable: true })
  notes?: string[] | null;
}
