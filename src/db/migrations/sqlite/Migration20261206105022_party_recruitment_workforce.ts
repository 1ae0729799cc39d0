import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105022_party_recruitment_workforce extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `party_building_instructor` (`id` text not null, `assigning_organization_id` text not null, `assigning_path` text not null, `organization_id` text not null, `org_path` text not null, `name` text not null, `phone` text not null, `work_unit` text not null, `tasks` text not null, `assigned_on` text not null, `planned_end_on` text null, `ended_on` text null, `end_note` text null, `mobile_members_at_assignment` integer not null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `party_building_instructor_assigning_organization_id_foreign` foreign key(`assigning_organization_id`) references `party_organization`(`id`) on update cascade, constraint `party_building_instructor_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `party_building_instructor_assigning_organization_id_index` on `party_building_instructor` (`assigning_organization_id`)',
    );
    this.addSql(
      'create index `party_building_instructor_organization_id_index` on `party_building_instructor` (`organization_id`)',
    );
    this.addSql(
      'create index `party_building_instructor_org_path_index` on `party_building_instructor` (`org_path`)',
    );
    this.addSql(
      'create index `party_building_instructor_assigning_path_index` on `party_building_instructor` (`assigning_path`)',
    );
    this.addSql(
      'create table `mobile_org_leader` (`id` text not null, `organization_id` text not null, `org_path` text not null, `member_id` text not null, `role` text not null, `term_starts_on` text not null, `term_ends_on` text not null, `ended_on` text null, `end_reason` text null, `secretary_key` text null, `seat_key` text null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `mobile_org_leader_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, constraint `mobile_org_leader_member_id_foreign` foreign key(`member_id`) references `party_member`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `mobile_org_leader_organization_id_index` on `mobile_org_leader` (`organization_id`)',
    );
    this.addSql('create index `mobile_org_leader_member_id_index` on `mobile_org_leader` (`member_id`)');
    this.addSql(
      'create unique index `mobile_org_leader_secretary_key_unique` on `mobile_org_leader` (`secretary_key`)',
    );
    this.addSql(
      'create unique index `mobile_org_leader_seat_key_unique` on `mobile_org_leader` (`seat_key`)',
    );
    this.addSql('create index `mobile_org_leader_org_path_index` on `mobile_org_leader` (`org_path`)');
    this.addSql(
      'create table `mobile_member_survey` (`id` text not null, `organization_id` text not null, `org_path` text not null, `region_code` text not null, `started_on` text not null, `completed_on` text not null, `found_count` integer not null, `reported_count` integer not null, `lost_contact_count` integer not null, `unregistered_count` integer not null, `findings` text not null, `measures` text null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `mobile_member_survey_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `mobile_member_survey_organization_id_index` on `mobile_member_survey` (`organization_id`)',
    );
    this.addSql('create index `mobile_member_survey_org_path_index` on `mobile_member_survey` (`org_path`)');
    this.addSql(
      'create table `membership_applicant` (`id` text not null, `name` text not null, `gender` text not null, `birth_date` text not null, `id_number` text not null, `live_key` text null, `phone` text null, `home_region_code` text not null, `work_unit` text null, `applied_on` text not null, `received_on` text not null, `receiving_organization_id` text not null, `holder_id` text not null, `holder_path` text not null, `status` text not null, `talked_on` text null, `activist_since` text null, `activist_method` text null, `first_contact_id` text null, `second_contact_id` text null, `last_assessment_on` text null, `pending_to_id` text null, `pending_to_path` text null, `closed_on` text null, `close_reason` text null, `recorded_by` text not null, `created_at` datetime not null, constraint `membership_applicant_receiving_organization_id_foreign` foreign key(`receiving_organization_id`) references `party_organization`(`id`) on update cascade, constraint `membership_applicant_holder_id_foreign` foreign key(`holder_id`) references `party_organization`(`id`) on update cascade, constraint `membership_applicant_first_contact_id_foreign` foreign key(`first_contact_id`) references `party_member`(`id`) on delete set null on update cascade, constraint `membership_applicant_second_contact_id_foreign` foreign key(`second_contact_id`) references `party_member`(`id`) on delete set null on update cascade, constraint `membership_applicant_pending_to_id_foreign` foreign key(`pending_to_id`) references `party_organization`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create unique index `membership_applicant_live_key_unique` on `membership_applicant` (`live_key`)',
    );
    this.addSql(
      'create index `membership_applicant_receiving_organization_id_index` on `membership_applicant` (`receiving_organization_id`)',
    );
    this.addSql(
      'create index `membership_applicant_holder_id_index` on `membership_applicant` (`holder_id`)',
    );
    this.addSql(
      'create index `membership_applicant_first_contact_id_index` on `membership_applicant` (`first_contact_id`)',
    );
    this.addSql(
      'create index `membership_applicant_second_contact_id_index` on `membership_applicant` (`second_contact_id`)',
    );
    this.addSql(
      'create index `membership_applicant_pending_to_id_index` on `membership_applicant` (`pending_to_id`)',
    );
    this.addSql(
      'create index `membership_applicant_holder_path_status_index` on `membership_applicant` (`holder_path`, `status`)',
    );
    this.addSql(
      'create table `applicant_training_record` (`id` text not null, `applicant_id` text not null, `organization_id` text not null, `kind` text not null, `held_on` text not null, `content` text not null, `contact_id` text null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `applicant_training_record_applicant_id_foreign` foreign key(`applicant_id`) references `membership_applicant`(`id`) on update cascade, constraint `applicant_training_record_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, constraint `applicant_training_record_contact_id_foreign` foreign key(`contact_id`) references `party_member`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `applicant_training_record_applicant_id_index` on `applicant_training_record` (`applicant_id`)',
    );
    this.addSql(
      'create index `applicant_training_record_organization_id_index` on `applicant_training_record` (`organization_id`)',
    );
    this.addSql(
      'create index `applicant_training_record_contact_id_index` on `applicant_training_record` (`contact_id`)',
    );
    this.addSql(
      'create table `applicant_handover` (`id` text not null, `applicant_id` text not null, `from_organization_id` text not null, `from_path` text not null, `to_organization_id` text not null, `to_path` text not null, `stage` text not null, `requested_on` text not null, `reason` text not null, `status` text not null, `decided_on` text null, `decision_note` text null, `requested_by` text not null, `decided_by` text null, `requested_at` datetime not null, constraint `applicant_handover_applicant_id_foreign` foreign key(`applicant_id`) references `membership_applicant`(`id`) on update cascade, constraint `applicant_handover_from_organization_id_foreign` foreign key(`from_organization_id`) references `party_organization`(`id`) on update cascade, constraint `applicant_handover_to_organization_id_foreign` foreign key(`to_organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `applicant_handover_applicant_id_index` on `applicant_handover` (`applicant_id`)',
    );
    this.addSql(
      'create index `applicant_handover_from_organization_id_index` on `applicant_handover` (`from_organization_id`)',
    );
    this.addSql(
      'create index `applicant_handover_to_organization_id_index` on `applicant_handover` (`to_organization_id`)',
    );
    this.addSql('create index `applicant_handover_to_path_index` on `applicant_handover` (`to_path`)');
    this.addSql('create index `applicant_handover_from_path_index` on `applicant_handover` (`from_path`)');
    this.addSql(
      'create table `party_worker_training` (`id` text not null, `organization_id` text not null, `org_path` text not null, `title` text not null, `focus` text not null, `started_on` text not null, `ended_on` text not null, `hours` integer not null, `online` integer not null, `trainee_count` integer not null, `trainee_list` text not null, `recorded_by` text not null, `recorded_at` datetime not null, constraint `party_worker_training_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `party_worker_training_organization_id_index` on `party_worker_training` (`organization_id`)',
    );
    this.addSql(
      'create index `party_worker_training_org_path_index` on `party_worker_training` (`org_path`)',
    );
  }

  override async down(): Promise<void> {}
}
