import { Migration } from '@mikro-orm/migrations';

export class Migration20261206081030_paper_verification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "paper_verification" ("code" varchar(32) not null, "kind" varchar(32) not null, "subject_id" uuid not null, "issued_at" timestamptz not null, constraint "paper_verification_pkey" primary key ("code"))',
    );
    this.addSql(
      'alter table "paper_verification" add constraint "paper_verification_kind_subject_id_unique" unique ("kind", "subject_id")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "paper_verification" cascade');
  }
}
