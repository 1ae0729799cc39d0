import type { DomainModule } from '../common/module';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditResolver } from './audit/audit.resolver';
import { ExportResolver } from './export/export.resolver';
import { ServerResolver } from './server.resolver';

export const serverModule: DomainModule = {
  name: 'server',
  entities: [AuditEntry],
  resolvers: [ServerResolver, AuditResolver, ExportResolver],
  exampleQueries: [
    {
      title: 'viewer and server time',
      query: `# Who the server takes you to be, and its clock (countdowns are shown against it)
query Viewer {
  viewer { subject roles }
  serverTime
}
`,
    },
  ],
};
