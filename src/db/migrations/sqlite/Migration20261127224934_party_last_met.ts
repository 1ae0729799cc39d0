import { Migration } from '@mikro-orm/migrations';

export class Migration20261127224934_party_last_met extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `mobility_record` add column `last_met_outflow_1` text null');
    this.addSql('alter table `mobility_record` add column `last_met_outflow_2` text null');
    this.addSql('alter table `mobility_record` add column `last_met_outflow_3` text null');
    this.addSql('alter table `mobility_record` add column `last_met_outflow_4` text null');
    this.addSql('alter table `mobility_record` add column `last_met_outflow_5` text null');
    this.addSql('alter table `mobility_record` add column `last_met_outflow_6` text null');
    this.addSql('alter table `mobility_record` add column `last_met_outflow_7` text null');
    this.addSql('alter table `mobility_record` add column `last_met_inflow_1` text null');
    this.addSql('alter table `mobility_record` add column `last_met_inflow_2` text null');
    this.addSql('alter table `mobility_record` add column `last_met_inflow_3` text null');
    this.addSql('alter table `mobility_record` add column `last_met_inflow_4` text null');
    this.addSql('alter table `mobility_record` add column `last_met_inflow_5` text null');
    this.addSql('alter table `mobility_record` add column `last_met_inflow_6` text null');
    this.addSql('alter table `mobility_record` add column `last_met_member_1` text null');
    this.addSql('alter table `mobility_record` add column `last_met_member_2` text null');
    this.addSql('alter table `mobility_record` add column `last_met_member_3` text null');
    this.addSql('alter table `mobility_record` add column `last_met_member_4` text null');
    this.addSql('alter table `mobility_record` add column `last_met_member_5` text null');
    // records that existed before these columns get them from their duty records
    this.addSql(
      "update mobility_record set last_met_outflow_1 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_1'), last_met_outflow_2 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_2'), last_met_outflow_3 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_3'), last_met_outflow_4 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_4'), last_met_outflow_5 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_5'), last_met_outflow_6 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_6'), last_met_outflow_7 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'OUTFLOW_7'), last_met_inflow_1 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'INFLOW_1'), last_met_inflow_2 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'INFLOW_2'), last_met_inflow_3 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'INFLOW_3'), last_met_inflow_4 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'INFLOW_4'), last_met_inflow_5 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'INFLOW_5'), last_met_inflow_6 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'INFLOW_6'), last_met_member_1 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'MEMBER_1'), last_met_member_2 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'MEMBER_2'), last_met_member_3 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'MEMBER_3'), last_met_member_4 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'MEMBER_4'), last_met_member_5 = (select max(d.performed_on) from duty_record d where d.mobility_record_id = mobility_record.id and d.duty_code = 'MEMBER_5')",
    );
  }

  override async down(): Promise<void> {}
}
