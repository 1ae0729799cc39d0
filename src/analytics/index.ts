import type { DomainModule } from '../common/module';
import { DutyLastMetDay } from './duty-history.entity';
import { PartyAnalyticsResolver } from './party-analytics.resolver';

/** Read-only aggregates across a domain: today the party analytics (its GraphiQL tabs are the party's). */
export const analyticsModule: DomainModule = {
  name: 'analytics',
  entities: [DutyLastMetDay],
  resolvers: [PartyAnalyticsResolver],
};
