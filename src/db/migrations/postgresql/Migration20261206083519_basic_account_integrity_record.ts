import { Migration } from '@mikro-orm/migrations';

export class Migration20261206083519_basic_account_integrity_record extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "bidder" add column "basic_account_bank" varchar(200) null, add column "basic_account_name" varchar(200) null, add column "basic_account_number" varchar(64) null, add column "legal_representative" varchar(100) null, add column "contact_name" varchar(100) null, add column "contact_phone" varchar(32) null, add column "address" varchar(500) null, add column "integrity_profile_completed_at" timestamptz null',
    );
    this.addSql('alter table "deposit_payment" add column "payer_account_number" varchar(64) null');
  }

  override async down(): Promise<void> {
    this.addSql(
      'alter table "bidder" drop column "basic_account_bank", drop column "basic_account_name", drop column "basic_account_number", drop column "legal_representative", drop column "contact_name", drop column "contact_phone", drop column "address", drop column "integrity_profile_completed_at"',
    );
    this.addSql('alter table "deposit_payment" drop column "payer_account_number"');
  }
}
