import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ErrorCode } from '../common/errors';
import { Node } from '../common/node';
import { DateTimeScalar } from '../common/scalars';
import type { Context } from '../common/request/context';
import { ViewerType } from '../auth/viewer.type';
import { resolveNode } from './node.registry';

@Resolver()
export class ServerResolver {
  @Query(() => Node, { nullable: true, description: 'any object by its id, if the viewer may see it' })
  node(
    @Arg('id', () => ID, { description: 'the id of any Node' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Node | null> {
    return resolveNode(id, ctx) as Promise<Node | null>;
  }

  @Query(() => ViewerType, { description: 'who the server takes the caller to be' })
  viewer(@Ctx() ctx: Context): ViewerType {
    return ViewerType.of(ctx.viewer);
  }

  @Query(() => DateTimeScalar, {
    description: "the trading system's clock; clients show countdowns against it",
  })
  serverTime(@Ctx() ctx: Context): Date {
    return ctx.clock.now();
  }

  @Query(() => [ErrorCode], {
    description: 'every extensions.code a rule violation can carry, for client code generators',
  })
  errorCodes(): ErrorCode[] {
    return Object.values(ErrorCode);
  }
}
