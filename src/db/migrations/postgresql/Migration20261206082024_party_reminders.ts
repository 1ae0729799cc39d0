import { Migration } from '@mikro-orm/migrations';

export class Migration20261206082024_party_reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "reminder" ("id" uuid not null, "open_key" varchar(100) null, "kind" varchar(16) not null, "duty_code" varchar(16) null, "mobility_record_id" uuid not null, "organization_id" uuid not null, "holder_path" varchar(255) not null, "due_on" varchar(10) null, "status" varchar(16) not null, "opened_on" varchar(10) not null, "closed_on" varchar(10) null, constraint "reminder_pkey" primary key ("id"))',
    );
    this.addSql('alter table "reminder" add constraint "reminder_open_key_unique" unique ("open_key")');
    this.addSql('create index "reminder_mobility_record_id_index" on "reminder" ("mobility_record_id")');
    this.addSql('create index "reminder_holder_path_status_index" on "reminder" ("holder_path", "status")');
    this.addSql(
      'create table "reminder_run" ("day" varchar(10) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "opened" int not null default 0, "closed" int not null default 0, constraint "reminder_run_pkey" primary key ("day"))',
    );
    this.addSql(
      'alter table "reminder" add constraint "reminder_mobility_record_id_foreign" foreign key ("mobility_record_id") references "mobility_record" ("id") on update cascade',
    );
    this.addSql(
      'alter table "reminder" add constraint "reminder_organization_id_foreign" foreign key ("organization_id") references "party_organization" ("id") on update cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reminder" cascade');
    this.addSql('drop table if exists "reminder_run" cascade');
  }
}
