import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../common/scalars';
import type { Fen } from '../../common/money';

export enum PaperKind {
  QUALIFICATION_CONFIRMATION = 'QUALIFICATION_CONFIRMATION',
  TRANSACTION_NOTICE = 'TRANSACTION_NOTICE',
}
registerEnumType(PaperKind, {
  name: 'PaperKind',
  description: '文书种类 — which printed paper a verification code belongs to',
  valuesConfig: {
    QUALIFICATION_CONFIRMATION: {
      description: '《网上竞买资格确认书》 — the qualification of an application',
    },
    TRANSACTION_NOTICE: { description: '《国有建设用地使用权挂牌出让成交通知书》 — the transaction notice' },
  },
});

/** What verifyNotice answers: only what the printed paper itself shows (never the bidding number). */
@ObjectType('NoticeVerification', {
  description:
    '文书核验 — a printed paper found by its verification code: only what the paper itself shows (never the bidding number)',
})
export class NoticeVerification {
  @Field(() => PaperKind, { description: 'which paper the code belongs to' })
  kind!: PaperKind;

  @Field({ description: '文书编号 — the paper’s number (资格确认书编号 / 成交通知书编号)' })
  number!: string;

  @Field({ description: '挂牌编号 — the auction’s code' })
  auctionCode!: string;

  @Field({ description: '宗地编号 — the parcel’s code' })
  parcelCode!: string;

  @Field({ description: 'the applicant(s) or the winner, as printed; joint names joined with ‘、’' })
  holderName!: string;

  @Field(() => DateScalar, { description: '签发日期 — the date printed on the paper (Asia/Shanghai)' })
  issuedOn!: string;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: '成交价 — for a transaction notice; null otherwise',
  })
  finalPrice!: Fen | null;

  @Field(() => Int, {
    nullable: true,
    description:
      '成交记录 — for a transaction notice: the sequence of the AWARDED event in the auction’s hash-chained log, as printed',
  })
  logSequence!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'for a transaction notice: the hash of that AWARDED event, as printed; npm run verify:auction checks it lies on the chain',
  })
  logHash!: string | null;

  @Field({
    description:
      'true while the paper still stands: the application is QUALIFIED / the documents are submitted or confirmed',
  })
  valid!: boolean;
}
