import { Migration } from '@mikro-orm/migrations';

export class Migration20261206110401_party_member_order extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index "party_member_name_id_formal_path_index" on "party_member" ("name", "id", "formal_path")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index "party_member_name_id_formal_path_index"');
  }
}
