import { Migration } from '@mikro-orm/migrations';

export class Migration20261127214419_party extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "party_organization" ("id" uuid not null, "name" varchar(200) not null, "type" varchar(32) not null, "level" varchar(32) not null, "region_code" varchar(6) not null, "parent_id" uuid null, "path" varchar(255) not null, "depth" int not null, "can_approve_probationary" boolean not null default false, "is_mobile_party_organization" boolean not null default false, "mobile_org_basis" varchar(32) null, "approved_by_id" uuid null, "approved_at" varchar(10) null, "created_at" timestamptz not null, constraint "party_organization_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "party_organization_region_code_index" on "party_organization" ("region_code")',
    );
    this.addSql(
      'alter table "party_organization" add constraint "party_organization_path_unique" unique ("path")',
    );
    this.addSql(
      'alter table "party_organization" add constraint "party_organization_parent_id_name_unique" unique ("parent_id", "name")',
    );
    this.addSql(
      'create table "party_member" ("id" uuid not null, "name" varchar(100) not null, "gender" varchar(32) not null, "birth_date" varchar(10) null, "status" varchar(32) not null, "joined_at" varchar(10) not null, "probation_ends_at" varchar(10) null, "full_membership_on" varchar(10) null, "formal_organization_id" uuid not null, "formal_path" varchar(255) not null, "id_number" varchar(18) null, "phone" varchar(20) null, "created_at" timestamptz not null, constraint "party_member_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "party_member" add constraint "party_member_id_number_unique" unique ("id_number")',
    );
    this.addSql(
      'create index "party_member_formal_path_name_index" on "party_member" ("formal_path", "name")',
    );
    this.addSql(
      'create table "party_fee_allocation" ("id" uuid not null, "from_organization_id" uuid not null, "from_path" varchar(255) not null, "to_organization_id" uuid not null, "to_path" varchar(255) not null, "purpose" varchar(32) not null, "amount" bigint not null, "spent" bigint not null default 0, "allocated_on" varchar(10) not null, "created_at" timestamptz not null, constraint "party_fee_allocation_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "party_fee_allocation_from_path_index" on "party_fee_allocation" ("from_path")',
    );
    this.addSql('create index "party_fee_allocation_to_path_index" on "party_fee_allocation" ("to_path")');
    this.addSql(
      'create table "fee_expense" ("id" uuid not null, "allocation_id" uuid not null, "amount" bigint not null, "spent_on" varchar(10) not null, "note" varchar(1000) not null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "fee_expense_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "fee_expense_allocation_id_spent_on_index" on "fee_expense" ("allocation_id", "spent_on")',
    );
    this.addSql(
      'create table "org_life_activity" ("id" uuid not null, "organization_id" uuid not null, "organization_path" varchar(255) not null, "type" varchar(32) not null, "topic" varchar(500) not null, "held_at" timestamptz not null, "online" boolean not null, "recorded_at" timestamptz not null, constraint "org_life_activity_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "org_life_activity_organization_path_index" on "org_life_activity" ("organization_path")',
    );
    this.addSql(
      'create table "org_life_attendance" ("org_life_activity_id" uuid not null, "party_member_id" uuid not null, constraint "org_life_attendance_pkey" primary key ("org_life_activity_id", "party_member_id"))',
    );
    this.addSql(
      'create table "mobility_record" ("id" uuid not null, "member_id" uuid not null, "active_key" uuid null, "outflow_organization_id" uuid not null, "outflow_path" varchar(255) not null, "inflow_organization_id" uuid null, "inflow_path" varchar(255) null, "reason" varchar(32) not null, "departed_on" varchar(10) not null, "destination_region_code" varchar(6) not null, "destination_address" varchar(500) null, "destination_unit" varchar(200) null, "reported_before_leaving" boolean not null, "registered_at" timestamptz not null, "registered_on" varchar(10) not null, "reported_to_inflow_at" timestamptz null, "reported_on" varchar(10) null, "inclusion_path" varchar(32) null, "outflow_contact_name" varchar(100) null, "outflow_contact_phone" varchar(20) null, "outflow_contact_assigned_at" timestamptz null, "outflow_contact_since" varchar(10) null, "inflow_contact_name" varchar(100) null, "inflow_contact_phone" varchar(20) null, "inflow_contact_assigned_at" timestamptz null, "inflow_contact_since" varchar(10) null, "status" varchar(32) not null, "ended_on" varchar(10) null, "end_reason" varchar(32) null, "mobile_from" varchar(10) not null, "probation_ends_on" varchar(10) null, "last_contact_at" timestamptz not null, "last_contact_on" varchar(10) not null, constraint "mobility_record_pkey" primary key ("id"))',
    );
    this.addSql('create index "mobility_record_member_id_index" on "mobility_record" ("member_id")');
    this.addSql(
      'alter table "mobility_record" add constraint "mobility_record_active_key_unique" unique ("active_key")',
    );
    this.addSql(
      'create index "mobility_record_last_contact_on_index" on "mobility_record" ("last_contact_on")',
    );
    this.addSql(
      'create index "mobility_record_inflow_path_reported_on_index" on "mobility_record" ("inflow_path", "reported_on")',
    );
    this.addSql(
      'create index "mobility_record_outflow_path_registered_on_index" on "mobility_record" ("outflow_path", "registered_on")',
    );
    this.addSql(
      'create table "duty_record" ("id" uuid not null, "mobility_record_id" uuid not null, "duty_code" varchar(16) not null, "organization_id" uuid null, "performed_at" timestamptz not null, "performed_on" varchar(10) not null, "note" varchar(1000) null, "source" varchar(32) not null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "duty_record_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "duty_record_mobility_record_id_duty_code_performed_on_index" on "duty_record" ("mobility_record_id", "duty_code", "performed_on")',
    );
    this.addSql(
      'create table "democratic_evaluation" ("id" uuid not null, "member_id" uuid not null, "organization_id" uuid not null, "year" int not null, "result" varchar(32) not null, "notified_organization_id" uuid not null, "notified_formal_organization_at" timestamptz null, "recorded_at" timestamptz not null, constraint "democratic_evaluation_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "democratic_evaluation" add constraint "democratic_evaluation_member_id_organization_id_year_unique" unique ("member_id", "organization_id", "year")',
    );
    this.addSql(
      'create table "care_record" ("id" uuid not null, "member_id" uuid not null, "organization_id" uuid not null, "kind" varchar(32) not null, "provided_on" varchar(10) not null, "amount" bigint null, "note" varchar(1000) null, "recorded_at" timestamptz not null, constraint "care_record_pkey" primary key ("id"))',
    );
    this.addSql('create index "care_record_member_id_index" on "care_record" ("member_id")');
    this.addSql(
      'create table "relationship_transfer" ("id" uuid not null, "member_id" uuid not null, "open_key" uuid null, "from_organization_id" uuid not null, "from_path" varchar(255) not null, "to_organization_id" uuid not null, "to_path" varchar(255) not null, "status" varchar(32) not null, "requested_at" timestamptz not null, "decided_at" timestamptz null, "note" varchar(1000) null, "request_note" varchar(1000) null, constraint "relationship_transfer_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "relationship_transfer" add constraint "relationship_transfer_open_key_unique" unique ("open_key")',
    );
    this.addSql(
      'create index "relationship_transfer_from_path_index" on "relationship_transfer" ("from_path")',
    );
    this.addSql('create index "relationship_transfer_to_path_index" on "relationship_transfer" ("to_path")');
    this.addSql(
      'create table "role_model_record" ("id" uuid not null, "member_id" uuid not null, "organization_id" uuid not null, "kind" varchar(32) not null, "description" varchar(1000) not null, "started_on" varchar(10) not null, "ended_on" varchar(10) null, "hours" varchar(16) null, "recorded_at" timestamptz not null, constraint "role_model_record_pkey" primary key ("id"))',
    );
    this.addSql('create index "role_model_record_member_id_index" on "role_model_record" ("member_id")');
    this.addSql(
      'alter table "party_organization" add constraint "party_organization_parent_id_foreign" foreign key ("parent_id") references "party_organization" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "party_organization" add constraint "party_organization_approved_by_id_foreign" foreign key ("approved_by_id") references "party_organization" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "party_member" add constraint "party_member_formal_organization_id_foreign" foreign key ("formal_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "party_fee_allocation" add constraint "party_fee_allocation_from_organization_id_foreign" foreign key ("from_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "party_fee_allocation" add constraint "party_fee_allocation_to_organization_id_foreign" foreign key ("to_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "fee_expense" add constraint "fee_expense_allocation_id_foreign" foreign key ("allocation_id") references "party_fee_allocation" ("id") on update cascade',
    );
    this.addSql(
      'alter table "org_life_activity" add constraint "org_life_activity_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "org_life_attendance" add constraint "org_life_attendance_org_life_activity_id_foreign" foreign key ("org_life_activity_id") references "org_life_activity" ("id") on update cascade on delete cascade',
    );
    this.addSql(
      'alter table "org_life_attendance" add constraint "org_life_attendance_party_member_id_foreign" foreign key ("party_member_id") references "party_member" ("id") on update cascade on delete cascade',
    );
    this.addSql(
      'alter table "mobility_record" add constraint "mobility_record_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "mobility_record" add constraint "mobility_record_outflow_organization_id_foreign" foreign key ("outflow_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "mobility_record" add constraint "mobility_record_inflow_organization_id_foreign" foreign key ("inflow_organization_id") references "party_organization" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "duty_record" add constraint "duty_record_mobility_record_id_foreign" foreign key ("mobility_record_id") references "mobility_record" ("id") on update cascade',
    );
    this.addSql(
      'alter table "duty_record" add constraint "duty_record_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "democratic_evaluation" add constraint "democratic_evaluation_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "democratic_evaluation" add constraint "democratic_evaluation_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "democratic_evaluation" add constraint "democratic_evaluation_notified_organization_id_foreign" foreign key ("notified_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "care_record" add constraint "care_record_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "care_record" add constraint "care_record_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "relationship_transfer" add constraint "relationship_transfer_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "relationship_transfer" add constraint "relationship_transfer_from_organization_id_foreign" foreign key ("from_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "relationship_transfer" add constraint "relationship_transfer_to_organization_id_foreign" foreign key ("to_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "role_model_record" add constraint "role_model_record_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "role_model_record" add constraint "role_model_record_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "party_organization" drop constraint "party_organization_parent_id_foreign"');
    this.addSql(
      'alter table "party_organization" drop constraint "party_organization_approved_by_id_foreign"',
    );
    this.addSql('alter table "party_member" drop constraint "party_member_formal_organization_id_foreign"');
    this.addSql(
      'alter table "party_fee_allocation" drop constraint "party_fee_allocation_from_organization_id_foreign"',
    );
    this.addSql(
      'alter table "party_fee_allocation" drop constraint "party_fee_allocation_to_organization_id_foreign"',
    );
    this.addSql(
      'alter table "org_life_activity" drop constraint "org_life_activity_organization_id_foreign"',
    );
    this.addSql(
      'alter table "mobility_record" drop constraint "mobility_record_outflow_organization_id_foreign"',
    );
    this.addSql(
      'alter table "mobility_record" drop constraint "mobility_record_inflow_organization_id_foreign"',
    );
    this.addSql('alter table "duty_record" drop constraint "duty_record_organization_id_foreign"');
    this.addSql(
      'alter table "democratic_evaluation" drop constraint "democratic_evaluation_organization_id_foreign"',
    );
    this.addSql(
      'alter table "democratic_evaluation" drop constraint "democratic_evaluation_notified_organization_id_foreign"',
    );
    this.addSql('alter table "care_record" drop constraint "care_record_organization_id_foreign"');
    this.addSql(
      'alter table "relationship_transfer" drop constraint "relationship_transfer_from_organization_id_foreign"',
    );
    this.addSql(
      'alter table "relationship_transfer" drop constraint "relationship_transfer_to_organization_id_foreign"',
    );
    this.addSql(
      'alter table "role_model_record" drop constraint "role_model_record_organization_id_foreign"',
    );
    this.addSql(
      'alter table "org_life_attendance" drop constraint "org_life_attendance_party_member_id_foreign"',
    );
    this.addSql('alter table "mobility_record" drop constraint "mobility_record_member_id_foreign"');
    this.addSql(
      'alter table "democratic_evaluation" drop constraint "democratic_evaluation_member_id_foreign"',
    );
    this.addSql('alter table "care_record" drop constraint "care_record_member_id_foreign"');
    this.addSql(
      'alter table "relationship_transfer" drop constraint "relationship_transfer_member_id_foreign"',
    );
    this.addSql('alter table "role_model_record" drop constraint "role_model_record_member_id_foreign"');
    this.addSql('alter table "fee_expense" drop constraint "fee_expense_allocation_id_foreign"');
    this.addSql(
      'alter table "org_life_attendance" drop constraint "org_life_attendance_org_life_activity_id_foreign"',
    );
    this.addSql('alter table "duty_record" drop constraint "duty_record_mobility_record_id_foreign"');
    this.addSql('drop table if exists "party_organization" cascade');
    this.addSql('drop table if exists "party_member" cascade');
    this.addSql('drop table if exists "party_fee_allocation" cascade');
    this.addSql('drop table if exists "fee_expense" cascade');
    this.addSql('drop table if exists "org_life_activity" cascade');
    this.addSql('drop table if exists "org_life_attendance" cascade');
    this.addSql('drop table if exists "mobility_record" cascade');
    this.addSql('drop table if exists "duty_record" cascade');
    this.addSql('drop table if exists "democratic_evaluation" cascade');
    this.addSql('drop table if exists "care_record" cascade');
    this.addSql('drop table if exists "relationship_transfer" cascade');
    this.addSql('drop table if exists "role_model_record" cascade');
  }
}
