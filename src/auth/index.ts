import type { DomainModule } from '../common/module';
import { AuthResolver } from './auth.resolver';
import { StaffAccount } from './staff-account.entity';

/**
 * Staff accounts, password sign-in and the tokens every sign-in issues. Bidders sign in with their CA
 * certificate in the land domain (src/land/bidder/), which mints its tokens here.
 */
export const authModule: DomainModule = {
  name: 'auth',
  entities: [StaffAccount],
  resolvers: [AuthResolver],
  exampleQueries: [
    {
      title: 'sign in',
      query: `# Staff sign-in. In demo mode the server prints the demo accounts' passwords when it first starts.
# Put the token into the Headers pane as {"Authorization": "Bearer <token>"}.
mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) {
    token
    expiresAt
    viewer { subject roles }
  }
}
`,
      variables: { username: 'demo-trading-center', password: '' },
    },
  ],
};

// the public face the seeds and the other domains use
export { createStaffAccount } from './staff-account.service';
export { StaffAccount } from './staff-account.entity';
export { randomPassword } from './password';
