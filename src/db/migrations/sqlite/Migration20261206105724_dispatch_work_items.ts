import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105724_dispatch_work_items extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `dispatch_work_item` (`id` text not null, `issuing_organization_id` text not null, `issuer_path` text not null, `committee_id` text not null, `committee_path` text not null, `title` text not null, `content` text not null, `issued_on` text not null, `due_on` text not null, `state` text not null, `answer` text null, `answered_on` text null, `closed_on` text null, `closing_note` text null, `issued_by` text not null, `answered_by` text null, `created_at` datetime not null, constraint `dispatch_work_item_issuing_organization_id_foreign` foreign key(`issuing_organization_id`) references `party_organization`(`id`) on update cascade, constraint `dispatch_work_item_committee_id_foreign` foreign key(`committee_id`) references `party_organization`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `dispatch_work_item_issuing_organization_id_index` on `dispatch_work_item` (`issuing_organization_id`)',
    );
    this.addSql(
      'create index `dispatch_work_item_committee_id_index` on `dispatch_work_item` (`committee_id`)',
    );
    this.addSql(
      'create index `dispatch_work_item_issuer_path_due_on_index` on `dispatch_work_item` (`issuer_path`, `due_on`)',
    );
    this.addSql(
      'create index `dispatch_work_item_committee_path_due_on_index` on `dispatch_work_item` (`committee_path`, `due_on`)',
    );
  }

  override async down(): Promise<void> {}
}
