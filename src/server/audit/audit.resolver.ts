import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { AuditEntry } from './audit-entry.entity';
import { listAuditEntries } from './audit.service';
import { AuditEntryFilter } from './audit.types';

export const AuditEntryConnection = ConnectionType(AuditEntry, 'AuditEntry');

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description:
      '审计记录 — the audit trail, newest first: TRADING_CENTER reads land entries, ORG_DEPARTMENT party entries within its scope, both read SIGN_IN entries; FORBIDDEN / UNAUTHENTICATED for others',
  })
  auditTrail(
    @Args() page: PageArgs,
    @Arg('filter', () => AuditEntryFilter, {
      nullable: true,
      description: 'which entries; default all readable',
    })
    filter: AuditEntryFilter | null,
    @Ctx() ctx: Context,
  ) {
    return listAuditEntries(ctx, page, filter);
  }

  @FieldResolver(() => String, {
    description:
      'the arguments as JSON, secrets redacted (passwords, signatures), certificates as their SHA-256',
  })
  arguments(@Root() entry: AuditEntry): string {
    return JSON.stringify(entry.argumentsSummary);
  }
}
