import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../common/scalars';
import { ViewerType } from './viewer.type';

@ObjectType('AuthPayload', {
  description: '登录凭证 — a signed-in session: the JWT to send as Authorization: Bearer …',
})
export class AuthPayload {
  @Field({ description: 'HS256 JWT with the contract claims' })
  token!: string;

  @Field(() => DateTimeScalar, { description: "when the token expires (the server's clock)" })
  expiresAt!: Date;

  @Field(() => ViewerType, { description: 'who the token signs in as' })
  viewer!: ViewerType;
}
