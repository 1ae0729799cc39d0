import { Field, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType('CertificateChallenge', {
  description: 'CA数字证书登录质询 — certificate sign-in, step 1: a nonce to sign',
})
export class CertificateChallenge {
  @Field({ description: 'single use' })
  nonce!: string;

  @Field(() => DateTimeScalar, { description: 'the nonce is refused after this' })
  expiresAt!: Date;
}

@InputType('CertificateSignInInput', {
  description: 'CA数字证书登录 — certificate sign-in, step 2: the certificate and the signed nonce',
})
export class CertificateSignInInput {
  @Field({
    description:
      'PEM X.509 certificate of a registered bidder, followed by its intermediate CA certificates (a bundle, leaf first), chaining to a CA the server trusts',
  })
  certificatePem!: string;

  @Field({ description: 'the nonce from certificateChallenge; usable once' })
  nonce!: string;

  @Field({
    description:
      "base64 signature of the nonce's UTF-8 bytes with the certificate's private key: SM3withSM2 (ID 1234567812345678) for SM2 keys, SHA-256 for RSA/ECDSA; as DER, raw 64-byte r‖s (SM2, P-256), or PKCS#7/CMS SignedData (detached or attached) signed by this certificate",
  })
  signature!: string;
}
