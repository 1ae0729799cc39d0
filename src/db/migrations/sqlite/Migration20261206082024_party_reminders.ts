import { Migration } from '@mikro-orm/migrations';

export class Migration20261206082024_party_reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `reminder` (`id` text not null, `open_key` text null, `kind` text not null, `duty_code` text null, `mobility_record_id` text not null, `organization_id` text not null, `holder_path` text not null, `due_on` text null, `status` text not null, `opened_on` text not null, `closed_on` text null, constraint `reminder_mobility_record_id_foreign` foreign key(`mobility_record_id`) references `mobility_record`(`id`) on update cascade, constraint `reminder_organization_id_foreign` foreign key(`organization_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create unique index `reminder_open_key_unique` on `reminder` (`open_key`)');
    this.addSql('create index `reminder_mobility_record_id_index` on `reminder` (`mobility_record_id`)');
    this.addSql('create index `reminder_organization_id_index` on `reminder` (`organization_id`)');
    this.addSql('create index `reminder_holder_path_status_index` on `reminder` (`holder_path`, `status`)');
    this.addSql(
      'create table `reminder_run` (`day` text not null, `started_at` datetime not null, `finished_at` datetime null, `opened` integer not null default 0, `closed` integer not null default 0, primary key (`day`))',
    );
  }

  override async down(): Promise<void> {}
}
