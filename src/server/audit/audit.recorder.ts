/**
 * Records every mutation of a signed-in viewer, and every sign-in attempt, in the audit trail:
 * - auditMutations wraps each Mutation root field of the schema, so it records on HTTP and WebSocket alike, and writes its entry as soon as the field has finished, in its own EntityManager fork —
 *   after the mutation's own transaction, so a failed mutation still leaves its entry;
 * - auditPlugin (Apollo) records mutation operations refused before any field ran (too complex, variables
 *   that do not coerce, a mutation sent by GET).
 * A write that fails is logged and does not change the response (the mutation has happened by then).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  GraphQLError,
  Kind,
  responsePathAsArray,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DomainError, locatedRefusal } from '../../common/errors';
import type { Context } from '../../common/request/context';
import { newId } from '../../common/ids';
import {
  actorOf,
  runningMutation,
  type AuditActor,
  type AuditRow,
  type RunningMutation,
} from '../../common/request/audit-log';
import { auditDomainOf, SIGN_IN_MUTATIONS } from './audit.domains';
import { summarizeArguments, summarizeRaw } from './audit.redact';
import { insertAuditRows, type AuditInsertRow } from './audit.sql';

export interface AuditWrite {
  field: string;
  operationName: string | null;
  argumentsSummary: Record<string, unknown>;
  outcome: string;
  actor: AuditActor;
}

const audited = (ctx: Context, field: string) => ctx.viewer.subject !== null || SIGN_IN_MUTATIONS.has(field);

type AuditInsert = AuditInsertRow;

/**
 * Group commit: the entries asked for while one insert is running go together in the next one (one statement
 * by hand, audit.sql.ts), so a race of many refused bids costs the database one statement per batch, not one
 * transaction per refusal. Every caller still waits for its own entry to be stored before its answer goes out.
 */
class AuditBatcher {
  private queue: { row: AuditInsert; done: () => void }[] = [];
  private running = false;

  constructor(private readonly orm: Context['orm']) {}

  write(rows: AuditInsert[]): Promise<void> {
    return new Promise((resolve) => {
      let left = rows.length;
      for (const row of rows) this.queue.push({ row, done: () => --left === 0 && resolve() });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, 500);
        try {
          await insertAuditRows(
            this.orm,
            batch.map((b) => b.row),
          );
        } catch (error) {
          // never silently: operators watch for this line
          console.error(
            `AUDIT TRAIL WRITE FAILED for ${[...new Set(batch.map((b) => b.row.field))].join(', ')}: ${(error as Error).message}`,
          );
        }
        for (const b of batch) b.done();
      }
    } finally {
      this.running = false;
    }
  }
}

const batchers = new WeakMap<Context['orm'], AuditBatcher>();

/** The row the trail stores for a write, all but its outcome (also what a service writes in its own transaction). */
function auditRow(ctx: Context, w: Omit<AuditWrite, 'outcome'>): AuditRow {
  return {
    subject: w.actor.subject,
    roles: `,${w.actor.roles.join(',')},`,
    scopeOrganizationId: w.actor.scopeOrganizationId ?? null,
    bidderId: w.actor.bidderId ?? null,
    memberId: w.actor.memberId ?? null,
    operationName: w.operationName?.slice(0, 200) ?? null,
    field: w.field,
    domain: auditDomainOf(w.field, w.actor.roles),
    argumentsSummary: w.argumentsSummary,
    ip: ctx.origin.ip.slice(0, 64),
  };
}

export async function writeAuditEntries(ctx: Context, writes: AuditWrite[]): Promise<void> {
  if (writes.length === 0) return;
  let batcher = batchers.get(ctx.orm);
  if (!batcher) batchers.set(ctx.orm, (batcher = new AuditBatcher(ctx.orm)));
  const occurredAt = ctx.clock.now();
  await batcher.write(
    writes.map((w) => ({
      ...auditRow(ctx, w),
      id: newId(),
      occurredAt,
      roles: [...w.actor.roles],
      outcome: w.outcome,
    })),
  );
}

export function outcomeOf(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  if (error instanceof GraphQLError && typeof error.extensions?.code === 'string')
    return error.extensions.code;
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * Wraps every Mutation root field of the schema (and nothing else, so queries pay nothing): each call runs
 * with its actor in AsyncLocalStorage, and leaves its entry once it has finished, however it finished.
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    if (field.extensions?.audited) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.extensions = { ...field.extensions, audited: true };
    field.resolve = async (source, args: Record<string, unknown>, context: Context, info) => {
      const running: RunningMutation = { actor: actorOf(context.viewer) };
      if (audited(context, field.name)) {
        running.entry = () =>
          auditRow(context, {
            field: field.name,
            operationName: info.operation.name?.value ?? null,
            argumentsSummary: summarizeArguments(field.args, args),
            actor: running.actor,
          });
      }
      let outcome = 'OK';
      try {
        return await runningMutation.run(running, () => resolve(source, args, context, info));
      } catch (error) {
        outcome = outcomeOf(error);
        // a refusal located here, as graphql-js would, without the stack trace it would capture
        throw locatedRefusal(error, info.fieldNodes, responsePathAsArray(info.path));
      } finally {
        // a service that wrote the entry in its own transaction (placeBid) has recorded it already
        if (audited(context, field.name) && !running.recorded) {
          await writeAuditEntries(context, [
            {
              field: field.name,
              operationName: info.operation.name?.value ?? null,
              argumentsSummary: summarizeArguments(field.args, args),
              outcome,
              actor: running.actor,
            },
          ]);
        }
      }
    };
  }
  return schema;
}

/** The root fields an operation selects (through fragments), as the audit trail names them. */
export function rootFieldNames(
  operation: OperationDefinitionNode,
  fragments: Record<string, { selectionSet: SelectionSetNode }>,
): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.name.value.startsWith('__')) names.push(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        walk(fragments[s.name.value].selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}

/** Mutation operations refused before any field ran still leave their entries. */
export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, document, request, response, contextValue, operationName }) {
          if (operation?.operation !== 'mutation' || !document || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length) return; // execution started: the fields recorded themselves
          const fragments = Object.fromEntries(
            document.definitions.flatMap((d) =>
              d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [],
            ),
          );
          const outcome = String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          const writes = rootFieldNames(operation, fragments)
            .filter((field) => audited(contextValue, field))
            .map((field) => ({
              field,
              operationName: operationName ?? null,
              argumentsSummary: {
                notExecuted: true,
                variables: summarizeRaw(request.variables ?? {}),
              } as Record<string, unknown>,
              outcome,
              actor: actorOf(contextValue.viewer),
            }));
          await writeAuditEntries(contextValue, writes);
        },
      };
    },
  };
}
