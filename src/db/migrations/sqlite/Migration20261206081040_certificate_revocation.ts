import { Migration } from '@mikro-orm/migrations';

export class Migration20261206081040_certificate_revocation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `certificate_revocation_list` (`id` text not null, `issuer_key` text not null, `issuer` text not null, `this_update` datetime not null, `next_update` datetime null, `revoked_count` integer not null, `der` text not null, `loaded_at` datetime not null, `loaded_by` text not null, primary key (`id`))',
    );
    this.addSql(
      'create unique index `certificate_revocation_list_issuer_key_unique` on `certificate_revocation_list` (`issuer_key`)',
    );
    this.addSql(
      'create table `revoked_certificate` (`id` text not null, `issuer_key` text not null, `serial_number` text not null, `revoked_at` datetime not null, primary key (`id`))',
    );
    this.addSql(
      'create index `revoked_certificate_issuer_key_serial_number_index` on `revoked_certificate` (`issuer_key`, `serial_number`)',
    );
    this.addSql('alter table `bidder` add column `certificate_chain_pem` text null');
    this.addSql('alter table `bidder` add column `certificate_revoked_at` datetime null');
  }

  override async down(): Promise<void> {}
}
