import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../common/scalars';

export enum BidderKind {
  NATURAL_PERSON = 'NATURAL_PERSON',
  LEGAL_PERSON = 'LEGAL_PERSON',
  OTHER_ORGANIZATION = 'OTHER_ORGANIZATION',
}
registerEnumType(BidderKind, {
  name: 'BidderKind',
  description: '竞买人类别 — natural person, legal person or other organization',
  valuesConfig: {
    NATURAL_PERSON: { description: '自然人 — a natural person' },
    LEGAL_PERSON: { description: '法人 — a legal person (company)' },
    OTHER_ORGANIZATION: { description: '其他组织 — any other organization' },
  },
});

/** What the server read from a bidder's X.509 certificate (CA数字证书). */
@ObjectType('CertificateInfo', {
  description: 'CA数字证书 — what the server read from a bidder’s X.509 certificate',
})
export class CertificateInfo {
  @Field({ description: 'subject distinguished name of the certificate' })
  subject!: string;

  @Field({ description: 'issuer (the CA) distinguished name' })
  issuer!: string;

  @Field({ description: 'serial number assigned by the CA' })
  serialNumber!: string;

  @Field({ description: 'SHA-256 fingerprint, hex' })
  fingerprint!: string;

  @Field(() => DateTimeScalar, { description: 'start of the certificate’s validity' })
  validFrom!: Date;

  @Field(() => DateTimeScalar, { description: 'end of the certificate’s validity' })
  validTo!: Date;
}

@InputType('CertificateProofInput', {
  description:
    '证书持有证明 — proof of holding the certificate: a certificateChallenge nonce and its signature (as in signInWithCertificate)',
})
export class CertificateProofInput {
  @Field({ description: 'the nonce a certificateChallenge issued; usable once' })
  nonce!: string;

  @Field({
    description:
      "base64 signature of the nonce's UTF-8 bytes with the certificate's private key: SM3withSM2 (ID 1234567812345678) for SM2 keys, SHA-256 for RSA/ECDSA; as DER, raw 64-byte r‖s (SM2, P-256), or PKCS#7/CMS SignedData (detached or attached) signed by this certificate",
  })
  signature!: string;
}

@InputType('BasicAccountInput', { description: '基本户 — the bidder’s basic bank account' })
export class BasicAccountInput {
  @Field({ description: '开户银行 — the bank (and branch)' })
  bankName!: string;

  @Field({ description: '户名 — the account name, as the bank reports it with a transfer' })
  accountName!: string;

  @Field({ description: '账号 — the account number; spaces and dashes are ignored' })
  accountNumber!: string;
}

@ObjectType('BasicAccount', {
  description:
    '基本户 — the bank account deposits must come from (the bidder itself and the trading centre see it)',
})
export class BasicAccount {
  @Field({ description: '开户银行 — the bank (and branch)' })
  bankName!: string;

  @Field({ description: '户名 — the account name' })
  accountName!: string;

  @Field({ description: '账号 — the account number, digits only' })
  accountNumber!: string;
}

@InputType('IntegrityProfileInput', {
  description: '诚信库信息 — the integrity record a bidder completes before applying (all fields required)',
})
export class IntegrityProfileInput {
  @Field({ description: '法定代表人 / 负责人 — legal representative (for a natural person: the person)' })
  legalRepresentative!: string;

  @Field({ description: '联系人 — contact person' })
  contactName!: string;

  @Field({ description: '联系电话 — contact phone' })
  contactPhone!: string;

  @Field({ description: '住所 / 通讯地址 — address' })
  address!: string;

  @Field(() => BasicAccountInput, { description: '基本户 — the account the deposit will come from' })
  basicAccount!: BasicAccountInput;
}

@ObjectType('IntegrityProfile', {
  description: '诚信库信息 — a bidder’s integrity record (the bidder itself and the trading centre see it)',
})
export class IntegrityProfile {
  @Field(() => String, { nullable: true, description: '法定代表人 / 负责人' })
  legalRepresentative!: string | null;

  @Field(() => String, { nullable: true, description: '联系人' })
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: '联系电话' })
  contactPhone!: string | null;

  @Field(() => String, { nullable: true, description: '住所 / 通讯地址' })
  address!: string | null;

  @Field(() => BasicAccount, { nullable: true, description: '基本户; null until registered' })
  basicAccount!: BasicAccount | null;

  @Field({ description: '诚信库信息已完善 — complete: the bidder may apply' })
  complete!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'when the bidder completed it itself' })
  completedAt!: Date | null;
}

@InputType('RegisterBidderInput', { description: '竞买人登记 — registration of a bidder' })
export class RegisterBidderInput {
  @Field(() => BidderKind, { description: '竞买人类别 — kind of bidder' })
  kind!: BidderKind;

  @Field({ description: 'name of the person or organization, at most 200 characters' })
  name!: string;

  @Field({ description: '境内 (true) or 境外 (false)' })
  domestic!: boolean;

  @Field({
    description:
      '身份证号 / 统一社会信用代码 — registration number: letters, digits and hyphens; unique (CONFLICT)',
  })
  registrationNumber!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'CA数字证书: the PEM X.509 signing certificate (签名证书), followed by its intermediate CA certificates (leaf first), chaining to a CA the server trusts; SM2, RSA or ECDSA',
  })
  certificatePem?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      '诚信库信息已完善 — integrity profile complete; default false, always false on self-registration',
  })
  integrityProfileComplete?: boolean | null;

  @Field(() => BasicAccountInput, {
    nullable: true,
    description:
      '基本户 — the account its deposits will come from (a transfer from any other is DEPOSIT_WRONG_PAYER)',
  })
  basicAccount?: BasicAccountInput | null;

  @Field(() => CertificateProofInput, {
    nullable: true,
    description:
      'self-registration without a token: proof of holding certificatePem (a bidder registering itself; integrityProfileComplete stays false)',
  })
  proof?: CertificateProofInput | null;
}
