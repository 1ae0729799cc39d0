import { Migration } from '@mikro-orm/migrations';

export class Migration20261206081030_paper_verification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `paper_verification` (`code` text not null, `kind` text not null, `subject_id` text not null, `issued_at` datetime not null, primary key (`code`))',
    );
    this.addSql(
      'create unique index `paper_verification_kind_subject_id_unique` on `paper_verification` (`kind`, `subject_id`)',
    );
  }

  override async down(): Promise<void> {}
}
