import { Field, ID, InterfaceType } from 'type-graphql';

/** Every object with a random UUID id; node(id) resolves any of them. */
@InterfaceType('Node', {
  description:
    '节点 — an object with a globally unique, unguessable id (a random UUID); node(id) resolves any of them.',
})
export abstract class Node {
  @Field(() => ID, { description: 'random UUID, unique across every type' })
  id!: string;
}
