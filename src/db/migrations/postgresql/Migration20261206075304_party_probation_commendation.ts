import { Migration } from '@mikro-orm/migrations';

export class Migration20261206075304_party_probation_commendation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "commendation" ("id" uuid not null, "mobility_record_id" uuid not null, "kind" varchar(32) not null, "year" int not null, "organization_id" uuid not null, "outflow_path" varchar(255) not null, "reason" varchar(1000) null, "recorded_on" varchar(10) not null, "status" varchar(32) null, "deciding_organization_id" uuid null, "decided_on" varchar(10) null, "decision_note" varchar(1000) null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "commendation_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "commendation_mobility_record_id_index" on "commendation" ("mobility_record_id")',
    );
    this.addSql(
      'create index "commendation_outflow_path_status_index" on "commendation" ("outflow_path", "status")',
    );
    this.addSql(
      'create table "probation_decision" ("id" uuid not null, "member_id" uuid not null, "organization_id" uuid not null, "mobility_record_id" uuid null, "outcome" varchar(16) not null, "meeting_on" varchar(10) not null, "probation_ends_at" varchar(10) not null, "reason" varchar(1000) null, "extension_months" int null, "new_probation_ends_at" varchar(10) null, "inflow_opinion" varchar(1000) null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "probation_decision_pkey" primary key ("id"))',
    );
    this.addSql('create index "probation_decision_member_id_index" on "probation_decision" ("member_id")');
    this.addSql(
      'alter table "commendation" add constraint "commendation_mobility_record_id_foreign" foreign key ("mobility_record_id") references "mobility_record" ("id") on update cascade',
    );
    this.addSql(
      'alter table "commendation" add constraint "commendation_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "commendation" add constraint "commendation_deciding_organization_id_foreign" foreign key ("deciding_organization_id") references "party_organization" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "probation_decision" add constraint "probation_decision_member_id_foreign" foreign key ("member_id") references "party_member" ("id") on update cascade',
    );
    this.addSql(
      'alter table "probation_decision" add constraint "probation_decision_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "probation_decision" add constraint "probation_decision_mobility_record_id_foreign" foreign key ("mobility_record_id") references "mobility_record" ("id") on update cascade on delete set null',
    );
    this.addSql('alter table "party_member" add column "probation_extended_on" varchar(10) null');
    this.addSql(
      'alter table "mobility_record" add column "probation_extended_on" varchar(10) null, add column "know_outflow_due_on" varchar(10) null, add column "inflow_region_override_reason" varchar(500) null',
    );
    // OUTFLOW_1 is due 30 days after departure (the default day count) for the records already registered
    this.addSql(
      'update "mobility_record" set "know_outflow_due_on" = to_char(departed_on::date + 30, \'YYYY-MM-DD\')',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "commendation" cascade');
    this.addSql('drop table if exists "probation_decision" cascade');
    this.addSql(
      'alter table "mobility_record" drop column "probation_extended_on", drop column "know_outflow_due_on", drop column "inflow_region_override_reason"',
    );
    this.addSql('alter table "party_member" drop column "probation_extended_on"');
  }
}
