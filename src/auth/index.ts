import type { DomainModule } from '../common/module';
import { seedDemoAccounts } from '../../seeds/auth.seed';
import { AuthResolver } from './auth.resolver';
import { CertificateChallengeNonce } from '../land/bidder/certificate-challenge.entity';
import { CertificateSignInResolver } from '../land/bidder/certificate-sign-in.resolver';
import { StaffAccount } from './staff-account.entity';

/** Staff accounts and password sign-in; bidders' certificate sign-in (their Bidder rows live in the land domain). */
export const authModule: DomainModule = {
  name: 'auth',
  entities: [StaffAccount, CertificateChallengeNonce],
  resolvers: [AuthResolver, CertificateSignInResolver],
  seed: seedDemoAccounts,
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
