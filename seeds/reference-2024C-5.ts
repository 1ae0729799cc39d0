/**
 * Parcel 2024C-5 as published by the 西宁市自然资源和规划局 listing notice (DOMAIN.md §1.1).
 * Every value here is the notice's; nothing is invented.
 */
import { LandUse, ObligationKind, type CreateParcelInput } from '../src/land';

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

/** The listing of the same notice (DOMAIN.md §1.1): parties, prices and schedule exactly as published. */
export const AUCTION_2024C_5 = {
  code: '2024C-5',
  title: '西宁市国有建设用地使用权网上挂牌出让（2024C-5号宗地，城东区夏都大街以北）',
  seller: {
    name: '西宁市自然资源和规划局',
    address: '西宁市城西区五四西路27号',
    contacts: [
      { name: '朱女士', phone: '0971-6146324' },
      { name: '喻女士', phone: '0971-6146324' },
    ],
  },
  tradingCenter: {
    name: '西宁市公共资源交易中心',
    address: '西宁市城中区南川西路154号西宁市市民中心四楼',
    contacts: [
      { name: '季女士', phone: '0971-7661380' },
      { name: '星女士', phone: '0971-7661380' },
    ],
  },
  /** 75418 万元 */
  startingPriceWan: 75418,
  /** 1200 万元 per step */
  incrementWan: 1200,
  /** 15084 万元 */
  depositWan: 15084,
  /** 不设底价 */
  reservePrice: null,
  jointApplicationAllowed: true,
  documentUploadDays: 5,
  schedule: {
    announcementStart: '2024-11-12T09:00:00+08:00',
    announcementEnd: '2024-12-01T17:00:00+08:00',
    applicationStart: '2024-11-12T09:00:00+08:00',
    applicationEnd: '2024-12-10T17:00:00+08:00',
    depositDeadline: '2024-12-10T16:00:00+08:00',
    quoteStart: '2024-12-02T09:00:00+08:00',
    quoteEnd: '2024-12-12T14:30:00+08:00',
  },
} as const;
