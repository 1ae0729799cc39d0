import { Migration } from '@mikro-orm/migrations';

export class Migration20261127213404_auth extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "staff_account" ("id" uuid not null, "username" varchar(64) not null, "password_hash" varchar(255) not null, "roles" varchar(255) not null, "scope_organization_id" varchar(100) null, "demo" boolean not null default false, "active" boolean not null default true, "failed_attempts" int not null default 0, "locked_until" timestamptz null, "lockout_version" int not null default 0, "last_sign_in_at" timestamptz null, "created_at" timestamptz not null, constraint "staff_account_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "staff_account" add constraint "staff_account_username_unique" unique ("username")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "staff_account" cascade');
  }
}
