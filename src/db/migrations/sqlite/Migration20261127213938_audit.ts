import { Migration } from '@mikro-orm/migrations';

export class Migration20261127213938_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `audit_entry` (`id` text not null, `occurred_at` datetime not null, `subject` text null, `roles` varchar(255) not null, `scope_organization_id` text null, `bidder_id` text null, `member_id` text null, `operation_name` text null, `field` text not null, `domain` text not null, `arguments_summary` json not null, `outcome` text not null, `ip` text not null, primary key (`id`))',
    );
    this.addSql('create index `audit_entry_occurred_at_index` on `audit_entry` (`occurred_at`)');
    this.addSql('create index `audit_entry_subject_index` on `audit_entry` (`subject`)');
    this.addSql(
      'create index `audit_entry_scope_organization_id_index` on `audit_entry` (`scope_organization_id`)',
    );
    this.addSql('create index `audit_entry_field_index` on `audit_entry` (`field`)');
    this.addSql(
      'create index `audit_entry_domain_occurred_at_index` on `audit_entry` (`domain`, `occurred_at`)',
    );
    // append-only, enforced by the database as well as by the code
    this.addSql(
      "create trigger `audit_entry_no_update` before update on `audit_entry` begin select raise(abort, 'audit_entry is append-only'); end",
    );
    this.addSql(
      "create trigger `audit_entry_no_delete` before delete on `audit_entry` begin select raise(abort, 'audit_entry is append-only'); end",
    );
  }

  override async down(): Promise<void> {}
}
