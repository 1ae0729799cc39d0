import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';

export enum BidderKind {
  NATURAL_PERSON = 'NATURAL_PERSON',
  LEGAL_PERSON = 'LEGAL_PERSON',
  OTHER_ORGANIZATION = 'OTHER_ORGANIZATION',
}
registerEnumType(BidderKind, {
  name: 'BidderKind',
  valuesConfig: {
    NATURAL_PERSON: { description: '自然人' },
    LEGAL_PERSON: { description: '法人' },
    OTHER_ORGANIZATION: { description: '其他组织' },
  },
});

/** What the server read from a bidder's X.509 certificate (CA数字证书). */
@ObjectType('CertificateInfo')
export class CertificateInfo {
  @Field()
  subject!: string;

  @Field()
  issuer!: string;

  @Field()
  serialNumber!: string;

  @Field({ description: 'SHA-256 fingerprint, hex' })
  fingerprint!: string;

  @Field(() => DateTimeScalar)
  validFrom!: Date;

  @Field(() => DateTimeScalar)
  validTo!: Date;
}

@InputType('CertificateProofInput', {
  description:
    'proof of holding the certificate: a certificateChallenge nonce and its signature (as in signInWithCertificate)',
})
export class CertificateProofInput {
  @Field()
  nonce!: string;

  @Field({
    description: "base64 signature of the nonce's UTF-8 bytes with the certificate's private key (SHA-256)",
  })
  signature!: string;
}

@InputType('RegisterBidderInput')
export class RegisterBidderInput {
  @Field(() => BidderKind)
  kind!: BidderKind;

  @Field()
  name!: string;

  @Field({ description: '境内 (true) or 境外 (false)' })
  domestic!: boolean;

  @Field({ description: '身份证号 / 统一社会信用代码' })
  registrationNumber!: string;

  @Field(() => String, {
    nullable: true,
    description: 'PEM X.509 certificate issued by a CA that the server trusts (CA数字证书)',
  })
  certificatePem?: string | null;

  @Field(() => Boolean, { nullable: true })
  integrityProfileComplete?: boolean | null;

  @Field(() => CertificateProofInput, {
    nullable: true,
    description:
      'self-registration without a token: proof of holding certificatePem (a bidder registering itself; integrityProfileComplete stays false)',
  })
  proof?: CertificateProofInput | null;
}
