import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../../common/request/context';
import { DateTimeScalar } from '../../../common/scalars';
import { trustedCas } from '../bidder.service';
import type { CertificateRevocationList } from './revocation.entity';
import { listCrls, loadCrl } from './revocation.service';

@InputType('LoadCertificateRevocationListInput', {
  description: '载入证书吊销列表 — a CA’s CRL, loaded by the trading centre (no network needed)',
})
export class LoadCertificateRevocationListInput {
  @Field({ description: 'the CRL: PEM (-----BEGIN X509 CRL-----) or base64 DER, as the CA publishes it' })
  crl!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'the CA certificate that signed the CRL, when it is an intermediate CA not in TRUSTED_CA_FILE (PEM, followed by its own intermediates); it must chain to a trusted CA',
  })
  caCertificatePem?: string | null;
}

@ObjectType('CertificateRevocationListInfo', { description: '证书吊销列表 — a loaded CRL' })
export class CertificateRevocationListInfo {
  @Field({ description: 'the CA that issued the CRL (distinguished name)' })
  issuer!: string;

  @Field(() => DateTimeScalar, { description: 'when the CA issued this CRL' })
  thisUpdate!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when the CA promises the next CRL; after it the CRL is stale (STALE_CRL_POLICY)',
  })
  nextUpdate!: Date | null;

  @Field({ description: 'true when nextUpdate has passed at the server’s time' })
  stale!: boolean;

  @Field({ description: 'how many certificates it revokes' })
  revokedCount!: number;

  @Field(() => DateTimeScalar, { description: 'when the trading centre loaded it' })
  loadedAt!: Date;
}

const info = (row: CertificateRevocationList, now: Date): CertificateRevocationListInfo =>
  Object.assign(new CertificateRevocationListInfo(), {
    issuer: row.issuer,
    thisUpdate: row.thisUpdate,
    nextUpdate: row.nextUpdate,
    stale: !!row.nextUpdate && row.nextUpdate <= now,
    revokedCount: row.revokedCount,
    loadedAt: row.loadedAt,
  });

@Resolver()
export class CertificateRevocationResolver {
  @Query(() => [CertificateRevocationListInfo], {
    description:
      '证书吊销列表 — the CRLs loaded, by issuer, with their next-update times; TRADING_CENTER only',
  })
  async certificateRevocationLists(@Ctx() ctx: Context): Promise<CertificateRevocationListInfo[]> {
    const now = ctx.clock.now();
    return (await listCrls(ctx)).map((row) => info(row, now));
  }

  @Mutation(() => CertificateRevocationListInfo, {
    description:
      'TRADING_CENTER: load a CA’s CRL, replacing that CA’s earlier one. Its signature must verify with a trusted CA or caCertificatePem. Revoked certificates can no longer register, sign in or sign documents; bidders signed in with one are refused at their next request. BAD_USER_INPUT for an unreadable CRL, a bad signature or an older CRL than the loaded one',
  })
  async loadCertificateRevocationList(
    @Arg('input', () => LoadCertificateRevocationListInput, { description: 'the CRL' })
    input: LoadCertificateRevocationListInput,
    @Ctx() ctx: Context,
  ): Promise<CertificateRevocationListInfo> {
    return info(await loadCrl(ctx, input, trustedCas(ctx.config)), ctx.clock.now());
  }
}
