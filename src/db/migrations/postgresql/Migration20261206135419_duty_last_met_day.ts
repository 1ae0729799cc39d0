import { Migration } from '@mikro-orm/migrations';

/**
 * duty_last_met_day (src/analytics/duty-history.entity.ts): per mobility record and per day with a duty record,
 * each duty's last day met as of that day, so the analytics as of a past day read one row per record instead of
 * all its duty records. Kept by a trigger on duty_record in the transaction of every insert: the record's row
 * for the new record's day is created from its latest earlier row, and that row and every later one take the
 * new day for that duty where it is later. The trigger first locks the mobility record's row (FOR NO KEY
 * UPDATE, which the foreign key's KEY SHARE lock does not conflict with), so two transactions adding duty
 * records for one mobility record, one of them back-dated, cannot miss each other's rows. Filled from the
 * existing duty records: per record and day, the running maximum of each duty.
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

const FUNCTION = `create or replace function duty_last_met_day_add() returns trigger language plpgsql as $fn$
begin
  perform 1 from mobility_record where id = new.mobility_record_id for no key update;
  insert into duty_last_met_day (mobility_record_id, day, ${COLUMNS.join(', ')})
  select new.mobility_record_id, new.performed_on, ${COLUMNS.map((c) => `p.${c}`).join(', ')}
  from (select 1) as one left join lateral (
    select * from duty_last_met_day h
    where h.mobility_record_id = new.mobility_record_id and h.day < new.performed_on
    order by h.day desc limit 1
  ) p on true
  on conflict (mobility_record_id, day) do nothing;
  update duty_last_met_day set ${CODES.map(
    (c) =>
      `last_met_${c} = case when new.duty_code = '${c.toUpperCase()}' and (last_met_${c} is null or last_met_${c} < new.performed_on) then new.performed_on else last_met_${c} end`,
  ).join(', ')}
  where mobility_record_id = new.mobility_record_id and day >= new.performed_on;
  return null;
end
$fn$`;

/** also run by the party benchmark's generator (bench/party/generate.ts) after its bulk load */
export const BACKFILL = `insert into duty_last_met_day (mobility_record_id, day, ${COLUMNS.join(', ')})
select rid, day, ${COLUMNS.map((c) => `max(${c}) over w`).join(', ')}
from (
  select mobility_record_id as rid, performed_on as day, ${CODES.map(
    (c) => `max(performed_on) filter (where duty_code = '${c.toUpperCase()}') as last_met_${c}`,
  ).join(', ')}
  from duty_record group by mobility_record_id, performed_on
) s
window w as (partition by rid order by day rows between unbounded preceding and current row)
order by day, rid`;

export class Migration20261206135419_duty_last_met_day extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "duty_last_met_day" ("mobility_record_id" uuid not null, "day" varchar(10) not null, "last_met_outflow_1" varchar(10) null, "last_met_outflow_2" varchar(10) null, "last_met_outflow_3" varchar(10) null, "last_met_outflow_4" varchar(10) null, "last_met_outflow_5" varchar(10) null, "last_met_outflow_6" varchar(10) null, "last_met_outflow_7" varchar(10) null, "last_met_inflow_1" varchar(10) null, "last_met_inflow_2" varchar(10) null, "last_met_inflow_3" varchar(10) null, "last_met_inflow_4" varchar(10) null, "last_met_inflow_5" varchar(10) null, "last_met_inflow_6" varchar(10) null, "last_met_member_1" varchar(10) null, "last_met_member_2" varchar(10) null, "last_met_member_3" varchar(10) null, "last_met_member_4" varchar(10) null, "last_met_member_5" varchar(10) null, constraint "duty_last_met_day_pkey" primary key ("mobility_record_id", "day"))',
    );
    this.addSql(FUNCTION);
    this.addSql(
      'create trigger duty_last_met_day after insert on duty_record for each row execute function duty_last_met_day_add()',
    );
    this.addSql(BACKFILL);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists duty_last_met_day on duty_record');
    this.addSql('drop function if exists duty_last_met_day_add()');
    this.addSql('drop table if exists "duty_last_met_day" cascade');
  }
}
