/**
 * @land-party/client stays a client: the server imports nothing from it, and what `npm run codegen` derives
 * for it (cache identities, trusted documents) is current.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('@land-party/client', () => {
  it('is imported by no server code', () => {
    const offenders = ['src', 'seeds'].flatMap((dir) =>
      sourceFiles(join(repo, dir)).filter((file) =>
        /from '(@land-party\/client|[./]*packages\/client)/.test(readFileSync(file, 'utf8')),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('has current cache identities and trusted documents (run npm run codegen)', () => {
    const check = spawnSync(
      process.execPath,
      [join(repo, 'packages/client/scripts/generate.mjs'), '--check'],
      { encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
