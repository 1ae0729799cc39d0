/**
 * Parcel 2024C-5 as published by the 西宁市自然资源和规划局 listing notice (DOMAIN.md §1.1).
 * Every value here is the notice's; nothing is invented.
 */
import { LandUse, ObligationKind } from '../src/land/parcel.types';
import type { CreateParcelInput } from '../src/land/parcel.types';

export const PARCEL_2024C_5: CreateParcelInput = {
  code: '2024C-5',
  city: '西宁市',
  district: '城东区',
  location: '城东区夏都大街以北',
  areaSqm: '86788.68',
  landUses: [LandUse.RESIDENTIAL, LandUse.COMMERCIAL],
  planning: {
    floorAreaRatioMin: '1.0',
    floorAreaRatioMax: '2.3',
    buildingDensityMaxPercent: '30',
    greenRatioMinPercent: '35',
    buildingHeightMaxM: '80',
  },
  leaseTerms: [
    { landUse: LandUse.COMMERCIAL, years: 40 },
    { landUse: LandUse.RESIDENTIAL, years: 70 },
  ],
  obligations: [
    {
      kind: ObligationKind.RESETTLEMENT_HOUSING,
      description:
        '竞得人须在该宗地内无偿建设回迁安置住房13664.09平方米，安置111户，建成后移交城东区城乡建设局。该宗地为曹家寨片区490.14亩中的130.18亩（约27%），片区共需安置412户、50607.75平方米。',
      households: 111,
      areaSqm: '13664.09',
      recipient: '城东区城乡建设局',
    },
  ],
  notes: [
    '土地用途：住宅、商业用地',
    '容积率：1.0≤Ra≤2.3；建筑密度≤30%；绿地率≥35%；建筑高度≤80米',
    '出让年限：商业40年，住宅70年',
    '本次挂牌出让不设底价',
    '申请人可以单独申请，也可以联合申请',
    '曹家寨片区共490.14亩，需安置412户、50607.75平方米；本宗地130.18亩，约占27%，承担111户、13664.09平方米',
  ],
};
