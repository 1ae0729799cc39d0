import { Migration } from '@mikro-orm/migrations';

/**
 * duty_last_met_day (src/analytics/duty-history.entity.ts): per mobility record and per day with a duty record,
 * each duty's last day met as of that day. Kept by a trigger on duty_record in the transaction of every insert,
 * as on PostgreSQL (SQLite has a single writer, so no lock is needed); filled from the existing duty records.
 */

/** the duty columns, as in MobilityRecord's last_met_* */
const CODES = [
  'outflow_1',
  'outflow_2',
  'outflow_3',
  'outflow_4',
  'outflow_5',
  'outflow_6',
  'outflow_7',
  'inflow_1',
  'inflow_2',
  'inflow_3',
  'inflow_4',
  'inflow_5',
  'inflow_6',
  'member_1',
  'member_2',
  'member_3',
  'member_4',
  'member_5',
];
const COLUMNS = CODES.map((c) => `last_met_${c}`);

const TRIGGER = `create trigger duty_last_met_day after insert on duty_record
begin
  insert or ignore into duty_last_met_day (mobility_record_id, day, ${COLUMNS.join(', ')})
  select new.mobility_record_id, new.performed_on, ${COLUMNS.map((c) => `p.${c}`).join(', ')}
  from (select 1) as one left join (
    select * from duty_last_met_day h
    where h.mobility_record_id = new.mobility_record_id and h.day < new.performed_on
    order by h.day desc limit 1
  ) p on 1;
  update duty_last_met_day set ${CODES.map(
    (c) =>
      `last_met_${c} = case when new.duty_code = '${c.toUpperCase()}' and (last_met_${c} is null or last_met_${c} < new.performed_on) then new.performed_on else last_met_${c} end`,
  ).join(', ')}
  where mobility_record_id = new.mobility_record_id and day >= new.performed_on;
end`;

const BACKFILL = `insert into duty_last_met_day (mobility_record_id, day, ${COLUMNS.join(', ')})
select rid, day, ${COLUMNS.map((c) => `max(${c}) over w`).join(', ')}
from (
  select mobility_record_id as rid, performed_on as day, ${CODES.map(
    (c) => `max(performed_on) filter (where duty_code = '${c.toUpperCase()}') as last_met_${c}`,
  ).join(', ')}
  from duty_record group by mobility_record_id, performed_on
) s
window w as (partition by rid order by day rows between unbounded preceding and current row)`;

export class Migration20261206135419_duty_last_met_day extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `duty_last_met_day` (`mobility_record_id` text not null, `day` text not null, `last_met_outflow_1` text null, `last_met_outflow_2` text null, `last_met_outflow_3` text null, `last_met_outflow_4` text null, `last_met_outflow_5` text null, `last_met_outflow_6` text null, `last_met_outflow_7` text null, `last_met_inflow_1` text null, `last_met_inflow_2` text null, `last_met_inflow_3` text null, `last_met_inflow_4` text null, `last_met_inflow_5` text null, `last_met_inflow_6` text null, `last_met_member_1` text null, `last_met_member_2` text null, `last_met_member_3` text null, `last_met_member_4` text null, `last_met_member_5` text null, primary key (`mobility_record_id`, `day`))',
    );
    this.addSql(TRIGGER);
    this.addSql(BACKFILL);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists duty_last_met_day');
    this.addSql('drop table if exists `duty_last_met_day`');
  }
}
