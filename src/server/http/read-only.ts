/**
 * Which HTTP operations may read snapshots (src/db/reads.ts): a query that came alone. Apollo runs the
 * operations of a batched request at the same time, sharing one EntityManager and one set of loaders, so a
 * batch (which may hold a mutation) never does; neither do mutations, nor anything over WebSocket.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { Context } from '../../common/request/context';

export function readOnlyQueries(): ApolloServerPlugin<Context> {
  // one listener for every request: it keeps no state of its own
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ operation, contextValue, requestIsBatched }) {
      contextValue.readOnly = !requestIsBatched && operation?.operation === 'query';
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
