import { Migration } from '@mikro-orm/migrations';

export class Migration20261127224137_certificate_sign_in extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "certificate_challenge" ("nonce" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "certificate_challenge_pkey" primary key ("nonce"))',
    );
    this.addSql(
      'create index "certificate_challenge_expires_at_index" on "certificate_challenge" ("expires_at")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "certificate_challenge" cascade');
  }
}
