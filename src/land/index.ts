import type { DomainModule } from '../common/module';
import { seedLand } from '../../seeds/land.seed';
import { LandParcel } from './parcel.entity';
import { ParcelResolver } from './parcel.resolver';

/** 国有建设用地使用权网上挂牌出让 — online listing auctions of land use rights. */
export const landModule: DomainModule = {
  name: 'land',
  entities: [LandParcel],
  resolvers: [ParcelResolver],
  nodes: [{ entity: LandParcel }],
  seed: seedLand,
  exampleQueries: [
    {
      title: '宗地 2024C-5',
      query: `# The parcel of the Xining listing notice, with its planning indicators
query Parcel2024C5 {
  parcels(filter: { codeContains: "2024C-5" }) {
    totalCount
    edges {
      node {
        id
        code
        city
        district
        location
        areaSqm
        landUses
        planning { floorAreaRatioMin floorAreaRatioMax buildingDensityMaxPercent greenRatioMinPercent buildingHeightMaxM }
        maxGrossFloorAreaSqm
        leaseTerms { landUse years }
        obligations { kind description households areaSqm recipient }
        notes
      }
    }
  }
}
`,
    },
  ],
};
