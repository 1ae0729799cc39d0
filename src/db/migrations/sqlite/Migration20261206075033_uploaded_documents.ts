import { Migration } from '@mikro-orm/migrations';

export class Migration20261206075033_uploaded_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `stored_blob` (`sha256` text not null, `size_bytes` bigint not null, `chunks` integer not null, `created_at` datetime not null, primary key (`sha256`))',
    );
    this.addSql(
      'create table `stored_blob_chunk` (`blob_key` text not null, `seq` integer not null, `data` blob not null, `created_at` datetime not null, primary key (`blob_key`, `seq`))',
    );
    this.addSql(
      'create table `uploaded_document` (`id` text not null, `auction_id` text not null, `uploaded_by_id` text not null, `file_name` text not null, `content_type` text not null, `sha256` text not null, `size_bytes` integer not null, `signature` text not null, `certificate_fingerprint` text not null, `uploaded_at` datetime not null, constraint `uploaded_document_auction_id_foreign` foreign key(`auction_id`) references `auction`(`id`) on update cascade, constraint `uploaded_document_uploaded_by_id_foreign` foreign key(`uploaded_by_id`) references `bidder`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `uploaded_document_auction_id_index` on `uploaded_document` (`auction_id`)');
    this.addSql(
      'create index `uploaded_document_uploaded_by_id_index` on `uploaded_document` (`uploaded_by_id`)',
    );
    this.addSql('create index `uploaded_document_sha256_index` on `uploaded_document` (`sha256`)');
    this.addSql(
      'alter table `submitted_document` add column `document_id` text null constraint `submitted_document_document_id_foreign` references `uploaded_document` (`id`) on update cascade on delete set null',
    );
    this.addSql('alter table `submitted_document` add column `content_type` text null');
    this.addSql(
      'create index `submitted_document_document_id_index` on `submitted_document` (`document_id`)',
    );
  }

  override async down(): Promise<void> {}
}
