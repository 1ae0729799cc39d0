/**
 * Relay connections with opaque offset cursors. `first` defaults to 20 and may be at most 100.
 */
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType('PageInfo', {
  simpleResolvers: true,
  description: '分页信息 — where a page sits in the whole list (Relay page info)',
})
export class PageInfo {
  @Field({ description: 'true when more items follow this page' })
  hasNextPage!: boolean;

  @Field({ description: 'true when items precede this page (it was asked for with after)' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'cursor of the first edge; null on an empty page' })
  startCursor?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'cursor of the last edge, to pass as after for the next page; null on an empty page',
  })
  endCursor?: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `page size, default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'the endCursor of the previous page' })
  after?: string | null;
}

export interface Page {
  offset: number;
  limit: number;
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith(CURSOR_PREFIX) || !/^\d{1,9}$/.test(raw.slice(CURSOR_PREFIX.length))) {
    throw badInput('after is not a cursor this server issued');
  }
  return Number(raw.slice(CURSOR_PREFIX.length));
}

/** Checks first/after and turns them into an offset and a limit. */
export function toPage(args: { first?: number | null; after?: string | null }): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { offset, limit: first };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function toConnection<T>(items: T[], totalCount: number, page: Page): Connection<T> {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: page.offset + items.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Declares `<Name>Edge` and `<Name>Connection` for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, {
    simpleResolvers: true,
    description: `分页条目 — one ${name} in a page of a list, with its cursor`,
  })
  class Edge {
    @Field({ description: 'opaque cursor of this item; pass it as after to continue after it' })
    cursor!: string;

    @Field(() => nodeType, { description: `the ${name} itself` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `分页列表 — one page of ${name} items (a Relay connection) with the total count`,
  })
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge], { description: 'the items of this page, in list order' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'whether more pages follow, and the cursors to fetch them' })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description: 'number of items in the whole list (every page), as the viewer may see it',
    })
    totalCount!: number;
  }
  return ConnectionClass;
}
