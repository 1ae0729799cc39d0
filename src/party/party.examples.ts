/** GraphiQL tabs for the party domain and its analytics. */
export const PARTY_EXAMPLE_QUERIES = [
  {
    title: '党组织树',
    query: `# The organization tree of the demo data. Party data needs a token: in a terminal,
#   npm run token -- --role ANALYST
# and put {"Authorization": "Bearer <token>"} in the Headers pane.
query OrganizationTree {
  organizations(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        type
        level
        regionCode
        isMobilePartyOrganization
        parent { name }
        memberCount
        outflowCount
        inflowCount
      }
    }
  }
}
`,
  },
] as { title: string; query: string; variables?: Record<string, unknown> }[];
