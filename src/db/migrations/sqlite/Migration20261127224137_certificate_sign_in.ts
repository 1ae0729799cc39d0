import { Migration } from '@mikro-orm/migrations';

export class Migration20261127224137_certificate_sign_in extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `certificate_challenge` (`nonce` text not null, `expires_at` datetime not null, `used_at` datetime null, `created_at` datetime not null, primary key (`nonce`))',
    );
    this.addSql(
      'create index `certificate_challenge_expires_at_index` on `certificate_challenge` (`expires_at`)',
    );
  }

  override async down(): Promise<void> {}
}
