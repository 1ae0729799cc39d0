import { JsonObjectScalar } from '../../common/scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver, UseMiddleware } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { RateLimit } from '../../common/request/rate-limit.middleware';
import { exportCsv, MAX_EXPORT_ROWS } from './export.service';
import { CsvExport } from './export.types';

@Resolver()
export class ExportResolver {
  @Query(() => CsvExport, {
    description: `导出 CSV — runs \`query\` (a query operation; mutations, subscriptions and nested exportCsv are BAD_USER_INPUT) as the same viewer, so it exports exactly what the viewer could query, and returns the list at \`path\` as CSV. One export per operation (a second is QUERY_TOO_COMPLEX); the query passes the same limits as any operation. A connection exports its edges' nodes: one page (first ≤ 100; page on with after: endCursor); at most ${MAX_EXPORT_ROWS} rows. Errors of the query are the export's (e.g. FORBIDDEN outside the viewer's scope); nothing partial is exported. Browsers and scripts can download the same with POST /export.csv.`,
  })
  @UseMiddleware(RateLimit('analytics'))
  exportCsv(
    @Arg('query', { description: 'the GraphQL document to run (a query)' }) query: string,
    @Arg('variables', () => JsonObjectScalar, {
      nullable: true,
      description: 'the variables of the query, as a JSON object',
    })
    variables: Record<string, unknown> | null,
    @Arg('operationName', () => String, {
      nullable: true,
      description: 'which operation to run, when the document holds several',
    })
    operationName: string | null,
    @Arg('path', () => String, {
      nullable: true,
      description:
        'the list to export, as response keys (aliases included) joined by dots, e.g. mobilityBreakdown or mobilityRecords (a connection: its edges[].node); default: the one list in the result',
    })
    path: string | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CsvExport> {
    return exportCsv(ctx, info.schema, { query, variables, operationName, path });
  }
}
