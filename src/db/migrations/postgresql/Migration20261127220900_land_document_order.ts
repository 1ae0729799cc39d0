import { Migration } from '@mikro-orm/migrations';

export class Migration20261127220900_land_document_order extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "submitted_document" add column "position" int not null default 0');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "submitted_document" drop column "position"');
  }
}
