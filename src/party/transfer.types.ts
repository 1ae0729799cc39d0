import { Field, ID, InputType, registerEnumType } from 'type-graphql';

export enum TransferStatus {
  REQUESTED = 'REQUESTED',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
}
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  valuesConfig: {
    REQUESTED: { description: '已申请' },
    COMPLETED: { description: '已转接' },
    REJECTED: { description: '被退回' },
  },
});

@InputType('RequestTransferInput')
export class RequestTransferInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => ID, { description: 'the receiving branch (党支部)' })
  toOrganizationId!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
