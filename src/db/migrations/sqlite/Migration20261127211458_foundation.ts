import { Migration } from '@mikro-orm/migrations';

export class Migration20261127211458_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `land_parcel` (`id` text not null, `code` text not null, `city` text not null, `district` text not null, `location` text not null, `area_sqm` text not null, `land_uses` varchar(255) not null, `planning` json not null, `lease_terms` json not null, `obligations` json not null, `notes` json not null, `created_at` datetime not null, primary key (`id`))',
    );
    this.addSql('create unique index `land_parcel_code_unique` on `land_parcel` (`code`)');
    this.addSql('create index `land_parcel_city_index` on `land_parcel` (`city`)');
  }

  override async down(): Promise<void> {}
}
