/**
 * Which fields an operation asks for below the field being resolved — so a read can bring along, in its own
 * statement, rows a child field would otherwise read in a statement of its own (an auction's parcel).
 */
import {
  getArgumentValues,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** what is selected at a path below a field: the field nodes, and their names */
interface Selected {
  nodes: FieldNode[];
  names: Set<string>;
}

/** per field node (documents are parsed once and kept): what is selected at each path below it */
const found = new WeakMap<FieldNode, Map<string, Selected>>();

/** the selection at `path` below the current field, kept per field node when it is the only one */
function selectedAt(info: GraphQLResolveInfo, path: readonly string[]): Selected {
  const node = info.fieldNodes[0];
  const key = path.join('.');
  let byPath = info.fieldNodes.length === 1 ? found.get(node) : undefined;
  let selected = byPath?.get(key);
  if (!selected) {
    const nodes = fieldNodesAt(info, path);
    selected = { nodes, names: new Set(nodes.map((f) => f.name.value)) };
    if (info.fieldNodes.length === 1) {
      if (!byPath) found.set(node, (byPath = new Map()));
      byPath.set(key, selected);
    }
  }
  return selected;
}

/**
 * The names of the fields selected at `path` below the current field (e.g. `['edges', 'node']` below a
 * connection; `[]` for the field's own selection), through inline fragments and named fragments, whatever their
 * type condition or directives (a name asked for under a condition counts: reading a row too many costs less
 * than a statement more).
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  return selectedAt(info, path).names;
}

/**
 * The arguments of field `name` of type `typeName` at `path` below the current field, as its resolver will get
 * them (variables applied, defaults filled in); null when it is not selected there, when it is selected more than
 * once with different arguments (aliases), or when they are not valid (its resolver then says why).
 */
export function selectedArguments(
  info: GraphQLResolveInfo,
  path: readonly string[],
  typeName: string,
  name: string,
): Record<string, unknown> | null {
  const type = info.schema.getType(typeName);
  const definition = isObjectType(type) ? type.getFields()[name] : undefined;
  if (!definition) return null;
  const nodes = selectedAt(info, path).nodes.filter((f) => f.name.value === name);
  if (nodes.length === 0) return null;
  let first: Record<string, unknown> | null = null;
  let text = '';
  for (const found of nodes) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(definition, found, info.variableValues);
    } catch {
      return null;
    }
    if (first === null) {
      first = values;
      text = JSON.stringify(values);
    } else if (JSON.stringify(values) !== text) return null;
  }
  return first;
}

/** the field nodes selected at `path` below the current field, through fragments */
function fieldNodesAt(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  let level: SelectionSetNode[] = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const name of path)
    level = fieldsIn(level, info).flatMap((f) =>
      f.name.value === name && f.selectionSet ? [f.selectionSet] : [],
    );
  return fieldsIn(level, info);
}

function fieldsIn(sets: SelectionSetNode[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, seen);
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return fields;
}
