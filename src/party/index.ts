import type { DomainModule } from '../common/module';

/** 流动党员管理 — mobile party member management. */
export const partyModule: DomainModule = {
  name: 'party',
  entities: [],
  resolvers: [],
};
