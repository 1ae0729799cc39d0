/**
 * Rows of a GraphQL result as CSV (RFC 4180): nested objects flattened into dotted columns (`member.name`),
 * fields quoted when they hold a comma, a quote, CR or LF, CRLF line ends. Text that a spreadsheet would run as a
 * formula (a leading = + - @, tab or CR) gets a leading ' (OWASP CSV injection), except numbers: "-12.50" stays
 * a number.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** column name → nested columns (a Map) or a leaf (null) */
type ColumnTree = Map<string, ColumnTree | null>;

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet will not evaluate: formula-like text gets a leading '. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** One field, quoted when it must be (RFC 4180 §2.6–2.7). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The text of one cell: lists of scalars joined with "; ", lists of objects as JSON. */
function cellText(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return guardFormula(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => !isObject(v) && !Array.isArray(v)))
    return guardFormula(value.map((v) => (v === null ? '' : String(v))).join('; '));
  return guardFormula(JSON.stringify(value));
}

function mergeColumns(tree: ColumnTree, row: Record<string, Json>): void {
  for (const [key, value] of Object.entries(row)) {
    if (isObject(value)) {
      let sub = tree.get(key);
      if (!sub) tree.set(key, (sub = new Map()));
      mergeColumns(sub, value);
    } else if (!tree.has(key)) tree.set(key, null);
  }
}

function columnPaths(tree: ColumnTree, prefix: string[] = []): string[][] {
  return [...tree].flatMap(([key, sub]) =>
    sub && sub.size > 0 ? columnPaths(sub, [...prefix, key]) : [[...prefix, key]],
  );
}

function valueAt(row: Json, path: string[]): Json | undefined {
  let value: Json | undefined = row;
  for (const key of path) value = isObject(value) ? value[key] : undefined;
  return value;
}

export interface CsvTable {
  /** dotted column names, in the order the query selects the fields */
  columns: string[];
  /** header line and one line per row, each ending in CRLF */
  csv: string;
}

/** Rows (objects, or scalars as a single `value` column) as a CSV table with a header line; none: empty. */
export function toCsv(rows: unknown[]): CsvTable {
  if (rows.length === 0) return { columns: [], csv: '' };
  const objects = rows.map((r) => (isObject(r) ? r : { value: r as Json }));
  const tree: ColumnTree = new Map();
  for (const row of objects) mergeColumns(tree, row);
  const paths = columnPaths(tree);
  const columns = paths.map((p) => p.join('.'));
  const lines = [columns.map((c) => csvField(guardFormula(c))).join(',')];
  for (const row of objects) lines.push(paths.map((p) => csvField(cellText(valueAt(row, p)))).join(','));
  return { columns, csv: lines.map((l) => `${l}\r\n`).join('') };
}
