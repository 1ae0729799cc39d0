/**
 * The typed client SDK: typed document nodes (and their result and variable types) for the documented
 * operations in `src/client/operations/`. Use them with any client that understands `TypedDocumentNode`
 * (Apollo Client, urql, graphql-request) or with `fetch` + `print(doc)`; see "Typed client" in the README.
 * Scalars travel as strings: Money is yuan ("1234.50"), Decimal, Date ("YYYY-MM-DD"), DateTime (ISO 8601).
 */
export * from './generated';
