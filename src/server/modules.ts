/**
 * The two domains, as the server sees them: their entities, resolvers, seeds and background workers.
 * A domain adds itself here once; everything else (ORM, schema, node(id), seeds) reads this list.
 */
import type { DomainModule } from '../common/module';
import { authModule } from '../auth';
import { landModule } from '../land';
import { partyModule } from '../party';
import { serverModule } from './server.module';

export const modules: DomainModule[] = [serverModule, authModule, landModule, partyModule];

export const allEntities = (): Function[] => modules.flatMap((m) => m.entities);
