import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105022_party_recruitment_workforce extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "party_building_instructor" ("id" uuid not null, "assigning_organization_id" uuid not null, "assigning_path" varchar(255) not null, "organization_id" uuid not null, "org_path" varchar(255) not null, "name" varchar(100) not null, "phone" varchar(20) not null, "work_unit" varchar(200) not null, "tasks" varchar(2000) not null, "assigned_on" varchar(10) not null, "planned_end_on" varchar(10) null, "ended_on" varchar(10) null, "end_note" varchar(2000) null, "mobile_members_at_assignment" int not null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "party_building_instructor_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "party_building_instructor_org_path_index" on "party_building_instructor" ("org_path")',
    );
    this.addSql(
      'create index "party_building_instructor_assigning_path_index" on "party_building_instructor" ("assigning_path")',
    );
    this.addSql(
      'create table "mobile_org_leader" ("id" uuid not null, "organization_id" uuid not null, "org_path" varchar(255) not null, "member_id" uuid not null, "role" varchar(32) not null, "term_starts_on" varchar(10) not null, "term_ends_on" varchar(10) not null, "ended_on" varchar(10) null, "end_reason" varchar(32) null, "secretary_key" varchar(40) null, "seat_key" varchar(80) null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "mobile_org_leader_pkey" primary key ("id"))',
    );
    this.addSql('create index "mobile_org_leader_member_id_index" on "mobile_org_leader" ("member_id")');
    this.addSql(
      'alter table "mobile_org_leader" add constraint "mobile_org_leader_secretary_key_unique" unique ("secretary_key")',
    );
    this.addSql(
      'alter table "mobile_org_leader" add constraint "mobile_org_leader_seat_key_unique" unique ("seat_key")',
    );
    this.addSql('create index "mobile_org_leader_org_path_index" on "mobile_org_leader" ("org_path")');
    this.addSql(
      'create table "mobile_member_survey" ("id" uuid not null, "organization_id" uuid not null, "org_path" varchar(255) not null, "region_code" varchar(6) not null, "started_on" varchar(10) not null, "completed_on" varchar(10) not null, "found_count" int not null, "reported_count" int not null, "lost_contact_count" int not null, "unregistered_count" int not null, "findings" varchar(2000) not null, "measures" varchar(2000) null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "mobile_member_survey_pkey" primary key ("id"))',
    );
    this.addSql('create index "mobile_member_survey_org_path_index" on "mobile_member_survey" ("org_path")');
    this.addSql(
      'create table "membership_applicant" ("id" uuid not null, "name" varchar(100) not null, "gender" varchar(32) not null, "birth_date" varchar(10) not null, "id_number" varchar(18) not null, "live_key" varchar(18) null, "phone" varchar(20) null, "home_region_code" varchar(6) not null, "work_unit" varchar(200) null, "applied_on" varchar(10) not null, "received_on" varchar(10) not null, "receiving_organization_id" uuid not null, "holder_id" uuid not null, "holder_path" varchar(255) not null, "status" varchar(32) not null, "talked_on" varchar(10) null, "activist_since" varchar(10) null, "activist_method" varchar(40) null, "first_contact_id" uuid null, "second_contact_id" uuid null, "last_assessment_on" varchar(10) null, "pending_to_id" uuid null, "pending_to_path" varchar(255) null, "closed_on" varchar(10) null, "close_reason" varchar(1000) null, "recorded_by" varchar(200) not null, "created_at" timestamptz not null, constraint "membership_applicant_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "membership_applicant" add constraint "membership_applicant_live_key_unique" unique ("live_key")',
    );
    this.addSql(
      'create index "membership_applicant_holder_path_status_index" on "membership_applicant" ("holder_path", "status")',
    );
    this.addSql(
      'create table "applicant_training_record" ("id" uuid not null, "applicant_id" uuid not null, "organization_id" uuid not null, "kind" varchar(32) not null, "held_on" varchar(10) not null, "content" varchar(2000) not null, "contact_id" uuid null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "applicant_training_record_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "applicant_training_record_applicant_id_index" on "applicant_training_record" ("applicant_id")',
    );
    this.addSql(
      'create table "applicant_handover" ("id" uuid not null, "applicant_id" uuid not null, "from_organization_id" uuid not null, "from_path" varchar(255) not null, "to_organization_id" uuid not null, "to_path" varchar(255) not null, "stage" varchar(32) not null, "requested_on" varchar(10) not null, "reason" varchar(1000) not null, "status" varchar(32) not null, "decided_on" varchar(10) null, "decision_note" varchar(1000) null, "requested_by" varchar(200) not null, "decided_by" varchar(200) null, "requested_at" timestamptz not null, constraint "applicant_handover_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "applicant_handover_applicant_id_index" on "applicant_handover" ("applicant_id")',
    );
    this.addSql('create index "applicant_handover_to_path_index" on "applicant_handover" ("to_path")');
    this.addSql('create index "applicant_handover_from_path_index" on "applicant_handover" ("from_path")');
    this.addSql(
      'create table "party_worker_training" ("id" uuid not null, "organization_id" uuid not null, "org_path" varchar(255) not null, "title" varchar(200) not null, "focus" varchar(32) not null, "started_on" varchar(10) not null, "ended_on" varchar(10) not null, "hours" int not null, "online" boolean not null, "trainee_count" int not null, "trainee_list" text not null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "party_worker_training_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "party_worker_training_org_path_index" on "party_worker_training" ("org_path")',
    );
    this.addSql(
      'alter table "party_building_instructor" add constraint "party_building_instructor_assigning_organization_id_foreign" foreign key ("assigning_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "party_building_instructor" add constraint "party_building_instructor_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "mobile_org_leader" add constraint "mobile_org_leader_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "mobile_org_leader" add constraint "mobile_org_leader_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "mobile_member_survey" add constraint "mobile_member_survey_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "membership_applicant" add constraint "membership_applicant_receiving_organization_id_foreign" foreign key ("receiving_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "membership_applicant" add constraint "membership_applicant_holder_id_foreign" foreign key ("holder_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "membership_applicant" add constraint "membership_applicant_first_contact_id_foreign" foreign key ("first_contact_id") references "party_member" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "membership_applicant" add constraint "membership_applicant_second_contact_id_foreign" foreign key ("second_contact_id") references "party_member" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "membership_applicant" add constraint "membership_applicant_pending_to_id_foreign" foreign key ("pending_to_id") references "party_organization" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "applicant_training_record" add constraint "applicant_training_record_applicant_id_foreign" foreign key ("applicant_id") references "membership_applicant" ("id") on update cascade',
    );
    this.addSql(
      'alter table "applicant_training_record" add constraint "applicant_training_record_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "applicant_training_record" add constraint "applicant_training_record_contact_id_foreign" foreign key ("contact_id") references "party_member" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "applicant_handover" add constraint "applicant_handover_applicant_id_foreign" foreign key ("applicant_id") references "membership_applicant" ("id") on update cascade',
    );
    this.addSql(
      'alter table "applicant_handover" add constraint "applicant_handover_from_organization_id_foreign" foreign key ("from_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "applicant_handover" add constraint "applicant_handover_to_organization_id_foreign" foreign key ("to_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "party_worker_training" add constraint "party_worker_training_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      'alter table "applicant_training_record" drop constraint "applicant_training_record_applicant_id_foreign"',
    );
    this.addSql('alter table "applicant_handover" drop constraint "applicant_handover_applicant_id_foreign"');
    this.addSql('drop table if exists "party_building_instructor" cascade');
    this.addSql('drop table if exists "mobile_org_leader" cascade');
    this.addSql('drop table if exists "mobile_member_survey" cascade');
    this.addSql('drop table if exists "membership_applicant" cascade');
    this.addSql('drop table if exists "applicant_training_record" cascade');
    this.addSql('drop table if exists "applicant_handover" cascade');
    this.addSql('drop table if exists "party_worker_training" cascade');
  }
}
