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
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DomainError } from '../../common/errors';
import type { Context } from '../../common/request/context';
import {
  actorOf,
  runningMutation,
  type AuditActor,
  type RunningMutation,
} from '../../common/request/audit-log';
import { auditDomainOf, SIGN_IN_MUTATIONS } from './audit.domains';
import { summarizeArguments, summarizeRaw } from './audit.redact';
import { AuditEntry } from './audit-entry.entity';

export interface AuditWrite {
  field: string;
  operationName: string | null;
  argumentsSummary: Record<string, unknown>;
  outcome: string;
  actor: AuditActor;
}

const audited = (ctx: Context, field: string) => ctx.viewer.subject !== null || SIGN_IN_MUTATIONS.has(field);

export async function writeAuditEntries(ctx: Context, writes: AuditWrite[]): Promise<void> {
  if (writes.length === 0) return;
  try {
    const em = ctx.orm.em.fork();
    await em.transactional(async (tx) => {
      for (const w of writes) {
        tx.create(AuditEntry, {
          occurredAt: ctx.clock.now(),
          subject: w.actor.subject,
          roles: w.actor.roles,
          scopeOrganizationId: w.actor.scopeOrganizationId ?? null,
          bidderId: w.actor.bidderId ?? null,
          memberId: w.actor.memberId ?? null,
          operationName: w.operationName?.slice(0, 200) ?? null,
          field: w.field,
          domain: auditDomainOf(w.field, w.actor.roles),
          argumentsSummary: w.argumentsSummary,
          outcome: w.outcome,
          ip: ctx.origin.ip.slice(0, 64),
        });
      }
    });
  } catch (error) {
    // never silently: operators watch for this line
    console.error(
      `AUDIT TRAIL WRITE FAILED for ${writes.map((w) => w.field).join(', ')}: ${(error as Error).message}`,
    );
  }
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
      let outcome = 'OK';
      try {
        return await runningMutation.run(running, () => resolve(source, args, context, info));
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        if (audited(context, field.name)) {
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
