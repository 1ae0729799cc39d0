import { Migration } from '@mikro-orm/migrations';

export class Migration20261206075033_uploaded_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "stored_blob" ("sha256" varchar(64) not null, "size_bytes" bigint not null, "chunks" int not null, "created_at" timestamptz not null, constraint "stored_blob_pkey" primary key ("sha256"))',
    );
    this.addSql(
      'create table "stored_blob_chunk" ("blob_key" varchar(80) not null, "seq" int not null, "data" bytea not null, "created_at" timestamptz not null, constraint "stored_blob_chunk_pkey" primary key ("blob_key", "seq"))',
    );
    this.addSql(
      'create table "uploaded_document" ("id" uuid not null, "auction_id" uuid not null, "uploaded_by_id" uuid not null, "file_name" varchar(255) not null, "content_type" varchar(64) not null, "sha256" varchar(64) not null, "size_bytes" int not null, "signature" text not null, "certificate_fingerprint" varchar(64) not null, "uploaded_at" timestamptz not null, constraint "uploaded_document_pkey" primary key ("id"))',
    );
    this.addSql('create index "uploaded_document_sha256_index" on "uploaded_document" ("sha256")');
    this.addSql(
      'alter table "uploaded_document" add constraint "uploaded_document_auction_id_foreign" foreign key ("auction_id") references "auction" ("id") on update cascade',
    );
    this.addSql(
      'alter table "uploaded_document" add constraint "uploaded_document_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "bidder" ("id") on update cascade',
    );
    this.addSql(
      'alter table "submitted_document" add column "document_id" uuid null, add column "content_type" varchar(64) null',
    );
    this.addSql(
      'alter table "submitted_document" add constraint "submitted_document_document_id_foreign" foreign key ("document_id") references "uploaded_document" ("id") on update cascade on delete set null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "submitted_document" drop constraint "submitted_document_document_id_foreign"');
    this.addSql('drop table if exists "stored_blob" cascade');
    this.addSql('drop table if exists "stored_blob_chunk" cascade');
    this.addSql('drop table if exists "uploaded_document" cascade');
    this.addSql('alter table "submitted_document" drop column "document_id", drop column "content_type"');
  }
}
