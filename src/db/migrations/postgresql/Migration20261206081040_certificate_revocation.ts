import { Migration } from '@mikro-orm/migrations';

export class Migration20261206081040_certificate_revocation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "certificate_revocation_list" ("id" uuid not null, "issuer_key" varchar(64) not null, "issuer" varchar(1000) not null, "this_update" timestamptz not null, "next_update" timestamptz null, "revoked_count" int not null, "der" text not null, "loaded_at" timestamptz not null, "loaded_by" varchar(200) not null, constraint "certificate_revocation_list_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "certificate_revocation_list" add constraint "certificate_revocation_list_issuer_key_unique" unique ("issuer_key")',
    );
    this.addSql(
      'create table "revoked_certificate" ("id" uuid not null, "issuer_key" varchar(64) not null, "serial_number" varchar(128) not null, "revoked_at" timestamptz not null, constraint "revoked_certificate_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "revoked_certificate_issuer_key_serial_number_index" on "revoked_certificate" ("issuer_key", "serial_number")',
    );
    this.addSql(
      'alter table "bidder" add column "certificate_chain_pem" text null, add column "certificate_revoked_at" timestamptz null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "certificate_revocation_list" cascade');
    this.addSql('drop table if exists "revoked_certificate" cascade');
    this.addSql(
      'alter table "bidder" drop column "certificate_chain_pem", drop column "certificate_revoked_at"',
    );
  }
}
