/**
 * Analysts explore the schema in GraphiQL: every type, field, argument, input field and enum value carries a
 * description, and every named type says what it is as the Chinese term and in English.
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildGraphQLSchema } from '../../src/server/schema';

const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{3,}/;

/**
 * The types this schema defines. Left out: introspection types (__Schema, __Type …) and the built-in scalars
 * String, Int, Float, Boolean and ID, whose descriptions come from graphql-js and cannot be set here.
 */
function ownTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter(
    (type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type),
  );
}

const described = (description: string | null | undefined): boolean => !!description?.trim();

/** Every element without a description, as Type, Type.field, Type.field(arg) or Enum.VALUE. */
function undescribedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined) => {
    if (!described(description)) missing.push(path);
  };
  for (const type of ownTypes(schema)) {
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildGraphQLSchema();
  });

  it('describes every type, field, argument, input field and enum value', () => {
    expect(undescribedElements(schema)).toEqual([]);
  });

  it('describes every named type with its Chinese term and in English', () => {
    const unbilingual = ownTypes(schema)
      .filter((type) => described(type.description))
      .filter((type) => !CHINESE.test(type.description!) || !ENGLISH.test(type.description!))
      .map((type) => `${type.name}: ${type.description}`);
    expect(unbilingual).toEqual([]);
  });

  it('finds an element without a description', () => {
    const bare = buildGraphQLSchema();
    const auction = bare.getType('Auction');
    if (!isObjectType(auction)) throw new Error('Auction is not an object type');
    auction.getFields().code.description = undefined;
    expect(undescribedElements(bare)).toEqual(['Auction.code']);
  });
});
