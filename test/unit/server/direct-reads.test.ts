import 'reflect-metadata';
import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import {
  buildGraphQLSchema,
  buildTypeGraphQLSchema,
  readPlainFieldsDirectly,
} from '../../../src/server/schema';

/** A source object that records which properties were read and answers each with its own marker. */
function recordingSource() {
  const read: (string | symbol)[] = [];
  const source = new Proxy({} as Record<string, unknown>, {
    get(_target, key) {
      read.push(key);
      return { marker: String(key) };
    },
  });
  return { source, read };
}

const resolvers = (schema: GraphQLSchema) =>
  new Map(
    Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) =>
        Object.values(type.getFields()).map((f) => [`${type.name}.${f.name}`, f.resolve] as const),
      ),
  );

describe('plain fields read their property directly', () => {
  it('answers as type-graphql’s resolver did, reading the same property, for every field it replaces', () => {
    const schema = buildTypeGraphQLSchema();
    const replaced = readPlainFieldsDirectly(schema);
    expect(replaced.length).toBeGreaterThan(50);
    for (const r of replaced) {
      const resolve = (
        schema.getType(r.type) as never as { getFields(): Record<string, { resolve?: Function }> }
      ).getFields()[r.field].resolve;
      expect(resolve).not.toBe(r.replaced);
      // no resolver where the property has the field's name: graphql's default resolver reads it
      if (resolve === undefined) expect(r.property).toBe(r.field);
      const now = resolve ?? defaultFieldResolver;
      const before = recordingSource();
      const after = recordingSource();
      const info = { fieldName: r.field } as never;
      expect(now(after.source, {}, {}, info)).toEqual(r.replaced(before.source, {}, {}, info));
      expect(after.read).toEqual(before.read);
      expect(after.read).toEqual([r.property]);
    }
  });

  it('leaves root fields, resolver methods and middleware to type-graphql', () => {
    const untouched = buildTypeGraphQLSchema();
    const kept = resolvers(untouched);
    const replaced = new Set(readPlainFieldsDirectly(untouched).map((r) => `${r.type}.${r.field}`));
    for (const name of kept.keys()) {
      if (/^(Query|Mutation|Subscription)\./.test(name)) expect(replaced.has(name)).toBe(false);
    }
    // a field answered by a resolver method keeps it (Auction.bids pages the auction's bids)
    expect(kept.get('Auction.bids')).toBeDefined();
    expect(replaced.has('Auction.bids')).toBe(false);
  });

  it('is what the served schema does, once', () => {
    const served = buildGraphQLSchema();
    const byName = resolvers(served);
    const fresh = buildTypeGraphQLSchema();
    const replaced = readPlainFieldsDirectly(fresh);
    // type-graphql's resolvers take (root, args, context, info); the direct read takes the source only, or is
    // graphql's default (no resolver) where the property has the field's name
    for (const r of replaced) {
      expect(r.replaced.length).toBe(4);
      const resolve = byName.get(`${r.type}.${r.field}`);
      if (r.property === r.field) expect(resolve).toBeUndefined();
      else expect(resolve?.length).toBe(1);
    }
    expect(readPlainFieldsDirectly(served)).toEqual([]);
  });
});
