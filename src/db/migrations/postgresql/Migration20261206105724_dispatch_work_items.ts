import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105724_dispatch_work_items extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "dispatch_work_item" ("id" uuid not null, "issuing_organization_id" uuid not null, "issuer_path" varchar(255) not null, "committee_id" uuid not null, "committee_path" varchar(255) not null, "title" varchar(200) not null, "content" varchar(4000) not null, "issued_on" varchar(10) not null, "due_on" varchar(10) not null, "state" varchar(16) not null, "answer" varchar(4000) null, "answered_on" varchar(10) null, "closed_on" varchar(10) null, "closing_note" varchar(1000) null, "issued_by" varchar(200) not null, "answered_by" varchar(200) null, "created_at" timestamptz not null, constraint "dispatch_work_item_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "dispatch_work_item_issuer_path_due_on_index" on "dispatch_work_item" ("issuer_path", "due_on")',
    );
    this.addSql(
      'create index "dispatch_work_item_committee_path_due_on_index" on "dispatch_work_item" ("committee_path", "due_on")',
    );
    this.addSql(
      'alter table "dispatch_work_item" add constraint "dispatch_work_item_issuing_organization_id_foreign" foreign key ("issuing_organization_id") references "party_organization" ("id") on update cascade',
    );
    this.addSql(
      'alter table "dispatch_work_item" add constraint "dispatch_work_item_committee_id_foreign" foreign key ("committee_id") references "party_organization" ("id") on update cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "dispatch_work_item" cascade');
  }
}
