import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The duties' "last met" days of a mobility record as of a past day, for the analytics and the county roll-up
 * (src/party/duty/duty.sql.ts): one row per record and per day on which a duty was recorded for it, holding, per
 * duty, the latest `performed_on` of its duty records performed on or before that day. As of any day D, a
 * record's last-met days are those of its row with the greatest day ≤ D (none: nothing met yet) — one row per
 * record instead of all its duty records.
 *
 * Written only by the trigger on duty_record (migration …_duty_last_met_day), in the transaction of the insert,
 * so it holds for every way a duty record is written, a back-dated one included (that raises the later rows
 * too). Duty records are never updated or deleted. The columns mirror MobilityRecord's `last_met_*` (today's
 * values); a duty added to the catalog needs a column in both, and in the trigger.
 */
@Entity({ tableName: 'duty_last_met_day' })
export class DutyLastMetDay {
  @PrimaryKey({ type: 'uuid' })
  mobilityRecordId!: string;

  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_1' })
  lastMetOutflow1?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_2' })
  lastMetOutflow2?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_3' })
  lastMetOutflow3?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_4' })
  lastMetOutflow4?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_5' })
  lastMetOutflow5?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_6' })
  lastMetOutflow6?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_7' })
  lastMetOutflow7?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_1' })
  lastMetInflow1?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_2' })
  lastMetInflow2?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_3' })
  lastMetInflow3?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_4' })
  lastMetInflow4?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_5' })
  lastMetInflow5?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_6' })
  lastMetInflow6?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_1' })
  lastMetMember1?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_2' })
  lastMetMember2?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_3' })
  lastMetMember3?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_4' })
  lastMetMember4?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_5' })
  lastMetMember5?: string | null;
}
