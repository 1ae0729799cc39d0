import { Migration } from '@mikro-orm/migrations';

export class Migration20261127211458_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "land_parcel" ("id" uuid not null, "code" varchar(64) not null, "city" varchar(64) not null, "district" varchar(64) not null, "location" varchar(500) not null, "area_sqm" varchar(32) not null, "land_uses" varchar(255) not null, "planning" jsonb not null, "lease_terms" jsonb not null, "obligations" jsonb not null, "notes" jsonb not null, "created_at" timestamptz not null, constraint "land_parcel_pkey" primary key ("id"))',
    );
    this.addSql('alter table "land_parcel" add constraint "land_parcel_code_unique" unique ("code")');
    this.addSql('create index "land_parcel_city_index" on "land_parcel" ("city")');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "land_parcel" cascade');
  }
}
