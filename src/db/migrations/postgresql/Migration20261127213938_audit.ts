import { Migration } from '@mikro-orm/migrations';

export class Migration20261127213938_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "audit_entry" ("id" uuid not null, "occurred_at" timestamptz not null, "subject" varchar(200) null, "roles" varchar(255) not null, "scope_organization_id" varchar(100) null, "bidder_id" varchar(100) null, "member_id" varchar(100) null, "operation_name" varchar(200) null, "field" varchar(100) not null, "domain" varchar(16) not null, "arguments_summary" jsonb not null, "outcome" varchar(64) not null, "ip" varchar(64) not null, constraint "audit_entry_pkey" primary key ("id"))',
    );
    this.addSql('create index "audit_entry_occurred_at_index" on "audit_entry" ("occurred_at")');
    this.addSql('create index "audit_entry_subject_index" on "audit_entry" ("subject")');
    this.addSql(
      'create index "audit_entry_scope_organization_id_index" on "audit_entry" ("scope_organization_id")',
    );
    this.addSql('create index "audit_entry_field_index" on "audit_entry" ("field")');
    this.addSql(
      'create index "audit_entry_domain_occurred_at_index" on "audit_entry" ("domain", "occurred_at")',
    );
    // append-only, enforced by the database as well as by the code
    this.addSql(
      'create or replace function "audit_entry_append_only"() returns trigger language plpgsql as $$ begin raise exception \'audit_entry is append-only\'; end $$',
    );
    this.addSql(
      'create trigger "audit_entry_no_change" before update or delete on "audit_entry" for each row execute function "audit_entry_append_only"()',
    );
    this.addSql(
      'create trigger "audit_entry_no_truncate" before truncate on "audit_entry" for each statement execute function "audit_entry_append_only"()',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "audit_entry" cascade');
    this.addSql('drop function if exists "audit_entry_append_only"()');
  }
}
