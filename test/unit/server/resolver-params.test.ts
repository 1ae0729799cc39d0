/**
 * type-graphql's getParams, replaced by one that sorts each resolver's parameter list once
 * (src/server/resolver-params.ts): the resolver receives its arguments in declaration order, arguments converted
 * and root values as before, and the list is sorted once, not per call.
 */
import 'reflect-metadata';
import { dirname, join } from 'node:path';
import { graphql } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  buildSchemaSync,
  Ctx,
  Field,
  Info,
  Int,
  Query,
  Resolver,
  Root,
  FieldResolver,
  ObjectType,
} from 'type-graphql';
import { sortResolverParamsOnce } from '../../../src/server/resolver-params';

// the instance this test's type-graphql calls (jest's module registry)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helpers = require(join(dirname(require.resolve('type-graphql')), 'resolvers', 'helpers.js')) as {
  getParams: Function;
};

@ArgsType()
class Window {
  @Field(() => Int)
  first!: number;
}

@ObjectType()
class Thing {
  @Field()
  name!: string;
}

@Resolver(() => Thing)
class ThingResolver {
  // parameter decorators run last to first: the metadata lists them in reverse
  @Query(() => String)
  echo(
    @Arg('a') a: string,
    @Ctx() ctx: { tag: string },
    @Args() window: Window,
    @Info() info: { fieldName: string },
    @Arg('b') b: string,
  ): string {
    return [
      a,
      ctx.tag,
      window instanceof Window ? `Window(${window.first})` : 'plain',
      info.fieldName,
      b,
    ].join('|');
  }

  @Query(() => Thing)
  thing(): Thing {
    return Object.assign(new Thing(), { name: 'x' });
  }

  @FieldResolver(() => String)
  shout(@Root() thing: Thing, @Arg('times', () => Int) times: number): string {
    return thing.name.toUpperCase().repeat(times);
  }
}

describe('resolver parameters sorted once', () => {
  it('replaces type-graphql’s getParams on the pinned version, once per process', () => {
    const original = helpers.getParams;
    expect(sortResolverParamsOnce()).toBe(true);
    const replaced = helpers.getParams;
    expect(replaced).not.toBe(original);
    expect(sortResolverParamsOnce()).toBe(true);
    expect(helpers.getParams).toBe(replaced);
  });

  it('hands every resolver its arguments in declaration order, converted as before, call after call', async () => {
    sortResolverParamsOnce();
    const calls: unknown[][] = [];
    const replaced = helpers.getParams;
    helpers.getParams = (...args: unknown[]) => (calls.push(args), replaced(...args));
    const schema = buildSchemaSync({ resolvers: [ThingResolver], validate: false });
    for (let i = 0; i < 3; i++) {
      const result = await graphql({
        schema,
        source: `{ echo(a: "A", b: "B", first: ${i}) thing { shout(times: 2) } }`,
        contextValue: { tag: 'ctx' },
      });
      expect(result).toEqual({ data: { echo: `A|ctx|Window(${i})|echo|B`, thing: { shout: 'XX' } } });
    }
    helpers.getParams = replaced;
    // the schema's resolvers called the replacement (echo, thing and shout, three times)
    expect(calls).toHaveLength(9);
    const echoParams = calls.map((c) => c[0] as { index: number }[]).find((p) => p.length === 5)!;
    expect(echoParams.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('hands over arguments no validation applies to at once, and still validates those it applies to', async () => {
    sortResolverParamsOnce();
    const answers: unknown[] = [];
    const replaced = helpers.getParams;
    helpers.getParams = (...args: unknown[]) => {
      const answer = replaced(...args);
      answers.push(answer);
      return answer;
    };
    try {
      const source = (a: string) => `{ echo(a: "${a}", b: "B", first: 1) }`;
      const plain = buildSchemaSync({ resolvers: [ThingResolver], validate: false });
      expect(await graphql({ schema: plain, source: source('A'), contextValue: { tag: 't' } })).toEqual({
        data: { echo: 'A|t|Window(1)|echo|B' },
      });
      // validate: false — the arguments, the args object among them, come as values, not as a promise of them
      expect(answers).toHaveLength(1);
      expect(Array.isArray(answers[0])).toBe(true);

      answers.length = 0;
      const validated: unknown[] = [];
      const checked = buildSchemaSync({
        resolvers: [ThingResolver],
        validate: false,
        validateFn: (value) => {
          validated.push(value);
          if (value === 'bad') throw new Error('refused: bad');
        },
      });
      const refused = await graphql({ schema: checked, source: source('bad'), contextValue: { tag: 't' } });
      expect(refused.errors?.map((e) => e.message)).toEqual(['refused: bad']);
      expect(refused.data).toBeNull();
      expect(validated).toContain('bad');
      expect(answers[0]).toBeInstanceOf(Promise);
    } finally {
      helpers.getParams = replaced;
    }
  });
});
