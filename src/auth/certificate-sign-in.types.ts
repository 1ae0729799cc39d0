import { Field, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';

@ObjectType('CertificateChallenge', { description: 'CA数字证书 sign-in, step 1: a nonce to sign' })
export class CertificateChallenge {
  @Field({ description: 'single use' })
  nonce!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;
}

@InputType('CertificateSignInInput')
export class CertificateSignInInput {
  @Field()
  certificatePem!: string;

  @Field()
  nonce!: string;

  @Field({
    description: "base64 signature of the nonce's UTF-8 bytes with the certificate's private key (SHA-256)",
  })
  signature!: string;
}
