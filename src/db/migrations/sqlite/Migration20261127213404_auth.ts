import { Migration } from '@mikro-orm/migrations';

export class Migration20261127213404_auth extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `staff_account` (`id` text not null, `username` text not null, `password_hash` text not null, `roles` varchar(255) not null, `scope_organization_id` text null, `demo` integer not null default false, `active` integer not null default true, `failed_attempts` integer not null default 0, `locked_until` datetime null, `lockout_version` integer not null default 0, `last_sign_in_at` datetime null, `created_at` datetime not null, primary key (`id`))',
    );
    this.addSql('create unique index `staff_account_username_unique` on `staff_account` (`username`)');
  }

  override async down(): Promise<void> {}
}
