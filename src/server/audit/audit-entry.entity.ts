import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { EnumListType } from '../../common/orm-types';
import { DateTimeScalar } from '../../common/scalars';
import { Role } from '../../common/viewer';
import { AuditDomain } from './audit.domains';

/**
 * One mutation as it was asked for and how it ended. Append-only: the code has no path that changes or
 * deletes an entry, and database triggers refuse UPDATE and DELETE on the table.
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['domain', 'occurredAt'] })
@ObjectType('AuditEntry', {
  description: '审计记录 — one mutation in the audit trail: who, what, when, and how it ended',
})
export class AuditEntry {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID' })
  id: string = newId();

  /** the server's clock */
  @Property({ type: 'datetime' })
  @Index()
  @Field(() => DateTimeScalar, { description: 'when the mutation ran (the server’s clock)' })
  occurredAt!: Date;

  /** the JWT subject; null for an anonymous caller (a failed sign-in) */
  @Property({ type: 'string', length: 200, nullable: true })
  @Index()
  @Field(() => String, { nullable: true, description: 'the actor (JWT sub); null for a failed sign-in' })
  subject?: string | null;

  @Property({ type: EnumListType })
  @Field(() => [Role], { description: "the actor's roles (for a sign-in: those of the account named)" })
  roles!: Role[];

  @Property({ type: 'string', length: 100, nullable: true })
  @Index()
  @Field(() => String, { nullable: true, description: 'the actor’s scope organization claim, if any' })
  scopeOrganizationId?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'the bidder the actor acted as, if any' })
  bidderId?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'the party member the actor acted as, if any' })
  memberId?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'the GraphQL operation name, if the client gave one' })
  operationName?: string | null;

  /** the Mutation field, e.g. placeBid */
  @Property({ type: 'string', length: 100 })
  @Index()
  @Field({ description: 'the Mutation field, e.g. placeBid' })
  field!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => AuditDomain, {
    description: 'which side of the platform the entry belongs to (who may read it)',
  })
  domain!: AuditDomain;

  /** redacted summary (audit.redact.ts) */
  @Property({ type: 'json' })
  argumentsSummary!: Record<string, unknown>;

  /** OK, or the error code */
  @Property({ type: 'string', length: 64 })
  @Field({ description: 'OK, or the extensions.code of the error (e.g. BID_TOO_LOW, RATE_LIMITED)' })
  outcome!: string;

  @Property({ type: 'string', length: 64 })
  @Field({ description: "the caller's IP address" })
  ip!: string;
}
