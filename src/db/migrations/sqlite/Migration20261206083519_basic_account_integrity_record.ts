import { Migration } from '@mikro-orm/migrations';

export class Migration20261206083519_basic_account_integrity_record extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `bidder` add column `basic_account_bank` text null');
    this.addSql('alter table `bidder` add column `basic_account_name` text null');
    this.addSql('alter table `bidder` add column `basic_account_number` text null');
    this.addSql('alter table `bidder` add column `legal_representative` text null');
    this.addSql('alter table `bidder` add column `contact_name` text null');
    this.addSql('alter table `bidder` add column `contact_phone` text null');
    this.addSql('alter table `bidder` add column `address` text null');
    this.addSql('alter table `bidder` add column `integrity_profile_completed_at` datetime null');
    this.addSql('alter table `deposit_payment` add column `payer_account_number` text null');
  }

  override async down(): Promise<void> {}
}
