import { Migration } from '@mikro-orm/migrations';

export class Migration20261127214419_party extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `party_organization` (`id` text not null, `name` text not null, `type` text not null, `level` text not null, `region_code` text not null, `parent_id` text null, `path` text not null, `depth` integer not null, `can_approve_probationary` integer not null default false, `is_mobile_party_organization` integer not null default false, `mobile_org_basis` text null, `approved_by_id` text null, `approved_at` text null, `created_at` datetime not null, constraint `party_organization_parent_id_foreign` foreign key(`parent_id`) references `party_organization`(`id`) on delete set null on update cascade, constraint `party_organization_approved_by_id_foreign` foreign key(`approved_by_id`) references `party_organization`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `party_organization_region_code_index` on `party_organization` (`region_code`)',
    );
    this.addSql('create index `party_organization_parent_id_index` on `party_organization` (`parent_id`)');
    this.addSql('create unique index `party_organization_path_unique` on `party_organization` (`path`)');
    this.addSql(
      'create index `party_organization_approved_by_id_index` on `party_organization` (`approved_by_id`)',
    );
    this.addSql(
      'create unique index `party_organization_parent_id_name_unique` on `party_organization` (`parent_id`, `name`)',
    );
    this.addSql(
      'create table `party_member` (`id` text not null, `name` text not null, `gender` text not null, `birth_date` text null, `status` text not null, `joined_at` text not null, `probation_ends_at` text null, `full_membership_on` text null, `formal_organization_id` text not null, `formal_path` text not null, `id_number` text null, `phone` text null, `created_at` datetime not null, constraint `party_member_formal_organization_id_foreign` foreign key(`formal_organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `party_member_formal_organization_id_index` on `party_member` (`formal_organization_id`)',
    );
    this.addSql('create unique index `party_member_id_number_unique` on `party_member` (`id_number`)');
    this.addSql(
      'create index `party_member_formal_path_name_index` on `party_member` (`formal_path`, `name`)',
    );
    this.addSql(
      'create table `party_fee_allocation` (`id` text not null, `from_organization_id` text not null, `from_path` text not null, `to_organization_id` text not null, `to_path` text not null, `purpose` text not null, `amount` bigint not null, `spent` bigint not null default 0, `allocated_on` text not null, `created_at` datetime not null, constraint `party_fee_allocation_from_organization_id_foreign` foreign key(`from_organization_id`) references `party_organization`(`id`) on update cascade, constraint `party_fee_allocation_to_organization_id_foreign` foreign key(`to_organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `party_fee_allocation_from_organization_id_index` on `party_fee_allocation` (`from_organization_id`)',
    );
    this.addSql(
      'create index `party_fee_allocation_from_path_index` on `party_fee_allocation` (`from_path`)',
    );
    this.addSql(
      'create index `party_fee_allocation_to_organization_id_index` on `party_fee_allocation` (`to_organization_id`)',
    );
    this.addSql('create index `party_fee_allocation_to_path_index` on `party_fee_allocation` (`to_path`)');
    this.addSql(
      'create table `fee_expense` (`id` text not null, `allocation_id` text not null, `amount` bigint not null, `spent_on` text not null, `note` text not null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `fee_expense_allocation_id_foreign` foreign key(`allocation_id`) references `party_fee_allocation`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `fee_expense_allocation_id_index` on `fee_expense` (`allocation_id`)');
    this.addSql(
      'create index `fee_expense_allocation_id_spent_on_index` on `fee_expense` (`allocation_id`, `spent_on`)',
    );
    this.addSql(
      'create table `org_life_activity` (`id` text not null, `organization_id` text not null, `organization_path` text not null, `type` text not null, `topic` text not null, `held_at` datetime not null, `online` integer not null, `recorded_at` datetime not null, constraint `org_life_activity_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `org_life_activity_organization_id_index` on `org_life_activity` (`organization_id`)',
    );
    this.addSql(
      'create index `org_life_activity_organization_path_index` on `org_life_activity` (`organization_path`)',
    );
    this.addSql(
      'create table `org_life_attendance` (`org_life_activity_id` text not null, `party_member_id` text not null, constraint `org_life_attendance_org_life_activity_id_foreign` foreign key(`org_life_activity_id`) references `org_life_activity`(`id`) on delete cascade on update cascade, constraint `org_life_attendance_party_member_id_foreign` foreign key(`party_member_id`) references `party_member`(`id`) on delete cascade on update cascade, primary key (`org_life_activity_id`, `party_member_id`))',
    );
    this.addSql(
      'create index `org_life_attendance_org_life_activity_id_index` on `org_life_attendance` (`org_life_activity_id`)',
    );
    this.addSql(
      'create index `org_life_attendance_party_member_id_index` on `org_life_attendance` (`party_member_id`)',
    );
    this.addSql(
      'create table `mobility_record` (`id` text not null, `member_id` text not null, `active_key` text null, `outflow_organization_id` text not null, `outflow_path` text not null, `inflow_organization_id` text null, `inflow_path` text null, `reason` text not null, `departed_on` text not null, `destination_region_code` text not null, `destination_address` text null, `destination_unit` text null, `reported_before_leaving` integer not null, `registered_at` datetime not null, `registered_on` text not null, `reported_to_inflow_at` datetime null, `reported_on` text null, `inclusion_path` text null, `outflow_contact_name` text null, `outflow_contact_phone` text null, `outflow_contact_assigned_at` datetime null, `outflow_contact_since` text null, `inflow_contact_name` text null, `inflow_contact_phone` text null, `inflow_contact_assigned_at` datetime null, `inflow_contact_since` text null, `status` text not null, `ended_on` text null, `end_reason` text null, `mobile_from` text not null, `probation_ends_on` text null, `last_contact_at` datetime not null, `last_contact_on` text not null, constraint `mobility_record_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, constraint `mobility_record_outflow_organization_id_foreign` foreign key(`outflow_organization_id`) references `party_organization`(`id`) on update cascade, constraint `mobility_record_inflow_organization_id_foreign` foreign key(`inflow_organization_id`) references `party_organization`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql('create index `mobility_record_member_id_index` on `mobility_record` (`member_id`)');
    this.addSql(
      'create unique index `mobility_record_active_key_unique` on `mobility_record` (`active_key`)',
    );
    this.addSql(
      'create index `mobility_record_outflow_organization_id_index` on `mobility_record` (`outflow_organization_id`)',
    );
    this.addSql(
      'create index `mobility_record_inflow_organization_id_index` on `mobility_record` (`inflow_organization_id`)',
    );
    this.addSql(
      'create index `mobility_record_last_contact_on_index` on `mobility_record` (`last_contact_on`)',
    );
    this.addSql(
      'create index `mobility_record_inflow_path_reported_on_index` on `mobility_record` (`inflow_path`, `reported_on`)',
    );
    this.addSql(
      'create index `mobility_record_outflow_path_registered_on_index` on `mobility_record` (`outflow_path`, `registered_on`)',
    );
    this.addSql(
      'create table `duty_record` (`id` text not null, `mobility_record_id` text not null, `duty_code` text not null, `organization_id` text null, `performed_at` datetime not null, `performed_on` text not null, `note` text null, `source` text not null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `duty_record_mobility_record_id_foreign` foreign key(`mobility_record_id`) references `mobility_record`(`id`) on update cascade, constraint `duty_record_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `duty_record_mobility_record_id_index` on `duty_record` (`mobility_record_id`)',
    );
    this.addSql('create index `duty_record_organization_id_index` on `duty_record` (`organization_id`)');
    this.addSql(
      'create index `duty_record_mobility_record_id_duty_code_performed_on_index` on `duty_record` (`mobility_record_id`, `duty_code`, `performed_on`)',
    );
    this.addSql(
      'create table `democratic_evaluation` (`id` text not null, `member_id` text not null, `organization_id` text not null, `year` integer not null, `result` text not null, `notified_organization_id` text not null, `notified_formal_organization_at` datetime null, `recorded_at` datetime not null, constraint `democratic_evaluation_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, constraint `democratic_evaluation_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, constraint `democratic_evaluation_notified_organization_id_foreign` foreign key(`notified_organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `democratic_evaluation_member_id_index` on `democratic_evaluation` (`member_id`)',
    );
    this.addSql(
      'create index `democratic_evaluation_organization_id_index` on `democratic_evaluation` (`organization_id`)',
    );
    this.addSql(
      'create index `democratic_evaluation_notified_organization_id_index` on `democratic_evaluation` (`notified_organization_id`)',
    );
    this.addSql(
      'create unique index `democratic_evaluation_member_id_organization_id_year_unique` on `democratic_evaluation` (`member_id`, `organization_id`, `year`)',
    );
    this.addSql(
      'create table `care_record` (`id` text not null, `member_id` text not null, `organization_id` text not null, `kind` text not null, `provided_on` text not null, `amount` bigint null, `note` text null, `recorded_at` datetime not null, constraint `care_record_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, constraint `care_record_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `care_record_member_id_index` on `care_record` (`member_id`)');
    this.addSql('create index `care_record_organization_id_index` on `care_record` (`organization_id`)');
    this.addSql(
      'create table `relationship_transfer` (`id` text not null, `member_id` text not null, `open_key` text null, `from_organization_id` text not null, `from_path` text not null, `to_organization_id` text not null, `to_path` text not null, `status` text not null, `requested_at` datetime not null, `decided_at` datetime null, `note` text null, `request_note` text null, constraint `relationship_transfer_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, constraint `relationship_transfer_from_organization_id_foreign` foreign key(`from_organization_id`) references `party_organization`(`id`) on update cascade, constraint `relationship_transfer_to_organization_id_foreign` foreign key(`to_organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `relationship_transfer_member_id_index` on `relationship_transfer` (`member_id`)',
    );
    this.addSql(
      'create unique index `relationship_transfer_open_key_unique` on `relationship_transfer` (`open_key`)',
    );
    this.addSql(
      'create index `relationship_transfer_from_organization_id_index` on `relationship_transfer` (`from_organization_id`)',
    );
    this.addSql(
      'create index `relationship_transfer_from_path_index` on `relationship_transfer` (`from_path`)',
    );
    this.addSql(
      'create index `relationship_transfer_to_organization_id_index` on `relationship_transfer` (`to_organization_id`)',
    );
    this.addSql('create index `relationship_transfer_to_path_index` on `relationship_transfer` (`to_path`)');
    this.addSql(
      'create table `role_model_record` (`id` text not null, `member_id` text not null, `organization_id` text not null, `kind` text not null, `description` text not null, `started_on` text not null, `ended_on` text null, `hours` text null, `recorded_at` datetime not null, constraint `role_model_record_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, constraint `role_model_record_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `role_model_record_member_id_index` on `role_model_record` (`member_id`)');
    this.addSql(
      'create index `role_model_record_organization_id_index` on `role_model_record` (`organization_id`)',
    );
  }

  override async down(): Promise<void> {}
}
