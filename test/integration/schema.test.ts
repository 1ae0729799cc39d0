/** The committed artefacts must be what the code produces: schema, typed operations, migrations. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { MikroORM } from '@mikro-orm/core';
import { buildGraphQLSchema, printContractSchema } from '../../src/server/schema';
import { ormOptions } from '../../src/db/orm';
import { allEntities } from '../../src/server/modules';
import { testDatabases } from '../helpers/environment';
import { createTestDatabase } from '../helpers/server';

const root = join(__dirname, '..', '..');

describe('committed artefacts', () => {
  it('schema/schema.graphql is what the code emits (run npm run schema)', () => {
    const committed = readFileSync(join(root, 'schema', 'schema.graphql'), 'utf8');
    expect(printContractSchema(buildGraphQLSchema())).toBe(committed);
  });

  it('generated typed operations are current (run npm run codegen)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
    const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(`${output.filename}: ${output.content}`).toBe(
        `${output.filename}: ${readFileSync(join(root, output.filename), 'utf8')}`,
      );
    }
  });
});

describe.each(testDatabases())('migrations on %s', (kind) => {
  it('build exactly the schema the entities describe (run npm run migration:create)', async () => {
    const db = await createTestDatabase(kind, { migrated: false });
    const orm = await MikroORM.init(ormOptions(db.config, allEntities()));
    try {
      const applied = await orm.getMigrator().up();
      expect(applied.length).toBeGreaterThan(0);
      const drift = await orm
        .getSchemaGenerator()
        .getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      expect(drift.trim()).toBe('');
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
