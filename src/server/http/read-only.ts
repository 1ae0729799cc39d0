/**
 * Which HTTP operations may read snapshots (src/db/reads.ts): a query that came alone. Apollo runs the
 * operations of a batched request at the same time, sharing one EntityManager and one set of loaders, so a
 * batch (which may hold a mutation) never does; neither do mutations, nor anything over WebSocket.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../../common/request/context';

export function readOnlyQueries(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, requestIsBatched }) {
          contextValue.readOnly = !requestIsBatched && operation?.operation === 'query';
        },
      };
    },
  };
}
