/**
 * The composition root: the domains the server serves, with their seeds. A domain adds itself here once;
 * everything else (the ORM's entity list, the schema, node(id), seeds, workers, GraphiQL tabs) reads this list.
 * The database layer is handed `allEntities()` from here; no lower layer imports a domain.
 */
import { seedDemoAccounts } from '../../seeds/auth.seed';
import { seedLand } from '../../seeds/land.seed';
import { seedParty } from '../../seeds/party.seed';
import { analyticsModule } from '../analytics';
import { authModule } from '../auth';
import type { DomainModule } from '../common/module';
import type { Config } from '../config';
import { landModule } from '../land';
import { partyModule } from '../party';
import { serverModule } from './server.module';

export const modules: DomainModule[] = [
  serverModule,
  { ...authModule, seed: seedDemoAccounts },
  { ...landModule, seed: seedLand },
  { ...partyModule, seed: seedParty },
  analyticsModule,
];

export const allEntities = (): Function[] => modules.flatMap((m) => m.entities);

/** Each domain's own checks of the configuration (ConfigError when one fails). */
export function checkModulesConfig(config: Config): void {
  for (const m of modules) m.checkConfig?.(config);
}
