import { Migration } from '@mikro-orm/migrations';

export class Migration20261206075304_party_probation_commendation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `commendation` (`id` text not null, `mobility_record_id` text not null, `kind` text not null, `year` integer not null, `organization_id` text not null, `outflow_path` text not null, `reason` text null, `recorded_on` text not null, `status` text null, `deciding_organization_id` text null, `decided_on` text null, `decision_note` text null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `commendation_mobility_record_id_foreign` foreign key(`mobility_record_id`) references `mobility_record`(`id`) on update cascade, constraint `commendation_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, constraint `commendation_deciding_organization_id_foreign` foreign key(`deciding_organization_id`) references `party_organization`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `commendation_mobility_record_id_index` on `commendation` (`mobility_record_id`)',
    );
    this.addSql('create index `commendation_organization_id_index` on `commendation` (`organization_id`)');
    this.addSql(
      'create index `commendation_deciding_organization_id_index` on `commendation` (`deciding_organization_id`)',
    );
    this.addSql(
      'create index `commendation_outflow_path_status_index` on `commendation` (`outflow_path`, `status`)',
    );
    this.addSql(
      'create table `probation_decision` (`id` text not null, `member_id` text not null, `organization_id` text not null, `mobility_record_id` text null, `outcome` text not null, `meeting_on` text not null, `probation_ends_at` text not null, `reason` text null, `extension_months` integer null, `new_probation_ends_at` text null, `inflow_opinion` text null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `probation_decision_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, constraint `probation_decision_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, constraint `probation_decision_mobility_record_id_foreign` foreign key(`mobility_record_id`) references `mobility_record`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql('create index `probation_decision_member_id_index` on `probation_decision` (`member_id`)');
    this.addSql(
      'create index `probation_decision_organization_id_index` on `probation_decision` (`organization_id`)',
    );
    this.addSql(
      'create index `probation_decision_mobility_record_id_index` on `probation_decision` (`mobility_record_id`)',
    );
    this.addSql('alter table `party_member` add column `probation_extended_on` text null');
    this.addSql('alter table `mobility_record` add column `probation_extended_on` text null');
    this.addSql('alter table `mobility_record` add column `know_outflow_due_on` text null');
    this.addSql('alter table `mobility_record` add column `inflow_region_override_reason` text null');
    // OUTFLOW_1 is due 30 days after departure (the default day count) for the records already registered
    this.addSql('update "mobility_record" set "know_outflow_due_on" = date(departed_on, \'+30 days\')');
  }

  override async down(): Promise<void> {}
}
