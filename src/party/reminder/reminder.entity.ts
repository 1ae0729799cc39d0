import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { ReminderKind, ReminderStatus } from './reminder.types';

/**
 * 督促 — opened by the daily job (reminder.job.ts) for the organization that holds the duty, closed when the duty
 * is met or the record ends. `openKey` (record:kind:duty) is set while open: a unique index keeps one open
 * reminder per record, kind and duty whatever the number of instances. Nothing leaves the system.
 */
@Entity({ tableName: 'reminder' })
@Index({ properties: ['holderPath', 'status'] })
@ObjectType('Reminder', {
  implements: Node,
  description: '督促 — a reminder to an organization: a member unreported, a duty coming due or overdue',
})
export class Reminder implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 100, nullable: true, unique: true })
  openKey?: string | null;

  @Property({ type: 'string', length: 16 })
  @Field(() => ReminderKind, { description: '督促类型 — unreported, coming due, overdue' })
  kind!: ReminderKind;

  @Property({ type: 'string', length: 16, nullable: true })
  @Field(() => String, { nullable: true, description: '责任清单事项代码 — the duty (null for UNREPORTED)' })
  dutyCode?: string | null;

  @ManyToOne(() => MobilityRecord, { ref: true, index: true })
  mobilityRecord!: Ref<MobilityRecord>;

  /** the organization holding the duty (the outflow organization for UNREPORTED) */
  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  holderPath!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description:
      '到期日 — the day the duty falls (fell) due; for UNREPORTED the day departure + N days passed',
  })
  dueOn?: string | null;

  @Property({ type: 'string', length: 16 })
  @Field(() => ReminderStatus, { description: '督促状态 — open or closed' })
  status!: ReminderStatus;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '督促日期 — the day the daily job opened it' })
  openedOn!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: '关闭日期 — the day it was closed; null while open',
  })
  closedOn?: string | null;
}

/** One row per day the job ran: the instance that inserts it runs that day's sweep; the others see it and skip. */
@Entity({ tableName: 'reminder_run' })
export class ReminderRun {
  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  opened: number = 0;

  @Property({ type: 'integer', default: 0 })
  closed: number = 0;
}
