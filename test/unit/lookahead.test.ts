/**
 * The lookahead (src/common/request/lookahead.ts) on a real graphql-js execution: the fields and arguments a read
 * sees below it, through aliases, fragments and variables.
 */
import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { selectedArguments, selectedFields } from '../../src/common/request/lookahead';

const schema = buildSchema(`
  type Query { auctions: AuctionConnection }
  type AuctionConnection { edges: [Edge] }
  type Edge { node: Auction }
  type Auction { id: ID, parcel: Parcel, bids(first: Int = 20, after: String): BidConnection }
  type Parcel { code: String }
  type BidConnection { totalCount: Int }
`);

/** what the root field's resolver saw: its fields at edges.node and the arguments of bids there */
function seen(query: string, variableValues?: Record<string, unknown>) {
  let fields: string[] = [];
  let args: Record<string, unknown> | null = null;
  const result = execute({
    schema,
    document: parse(query),
    variableValues,
    rootValue: {
      // a function on the root value is called with (args, context, info)
      auctions: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        fields = [...selectedFields(info, ['edges', 'node'])].sort();
        args = selectedArguments(info, ['edges', 'node'], 'Auction', 'bids');
        return { edges: [] };
      },
    },
  });
  expect((result as { errors?: unknown }).errors).toBeUndefined();
  return { fields, args };
}

describe('lookahead', () => {
  it('sees the fields below, through named and inline fragments', () => {
    const { fields } =
      seen(`{ auctions { edges { node { id ...F ... on Auction { bids { totalCount } } } } } }
      fragment F on Auction { parcel { code } }`);
    expect(fields).toEqual(['bids', 'id', 'parcel']);
  });

  it('answers a field’s arguments with variables applied and defaults filled in', () => {
    const query = `query Q($n: Int, $a: String) { auctions { edges { node { bids(first: $n, after: $a) { totalCount } } } } }`;
    expect(seen(query, { n: 5, a: 'x' }).args).toEqual({ first: 5, after: 'x' });
    // a variable not given: the argument is left out (as its resolver would get it)
    expect(seen(query, {}).args).toEqual({ first: 20 });
    expect(seen(`{ auctions { edges { node { bids { totalCount } } } } }`).args).toEqual({ first: 20 });
  });

  it('answers null for a field not selected, or selected twice with different arguments', () => {
    expect(seen(`{ auctions { edges { node { id } } } }`).args).toBeNull();
    const twice = `{ auctions { edges { node { a: bids(first: 1) { totalCount } b: bids(first: 2) { totalCount } } } } }`;
    expect(seen(twice).args).toBeNull();
    // twice with the same arguments (one written out, one by default): the same read
    const same = `{ auctions { edges { node { a: bids(first: 20) { totalCount } ... on Auction { bids { totalCount } } } } } }`;
    expect(seen(same).args).toEqual({ first: 20 });
  });
});
