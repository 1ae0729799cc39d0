import 'reflect-metadata';
import { GraphQLError, locatedError, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { DomainError, ErrorCode, locatedRefusal } from '../../../src/common/errors';
import { formatError } from '../../../src/server/http/errors';

const field = (parse('mutation { placeBid }').definitions[0] as OperationDefinitionNode).selectionSet
  .selections[0] as FieldNode;

describe('refusals carry no stack trace; internal errors keep theirs', () => {
  it('a DomainError has a plain stack naming only itself, and keeps code, message and extensions', () => {
    const error = new DomainError(ErrorCode.BID_TOO_LOW, 'too low', { nextMinimumBid: '105.00' });
    expect(error.stack).toBe('DomainError: too low');
    expect(Object.getOwnPropertyDescriptor(error, 'stack')?.value).toBe('DomainError: too low');
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.code).toBe(ErrorCode.BID_TOO_LOW);
    expect(error.extensions).toEqual({ nextMinimumBid: '105.00', code: 'BID_TOO_LOW' });
  });

  it('constructing one leaves Error.stackTraceLimit as it was', () => {
    const before = Error.stackTraceLimit;
    new DomainError(ErrorCode.NOT_FOUND, 'x');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('internal').stack).toMatch(/\n\s+at /);
  });

  it('locatedRefusal makes what graphql-js locatedError makes, and passes anything else through', () => {
    const refusal = new DomainError(ErrorCode.BID_TOO_LOW, 'too low', { nextMinimumBid: '105.00' });
    const ours = locatedRefusal(refusal, [field], ['placeBid']) as GraphQLError;
    const theirs = locatedError(refusal, [field], ['placeBid']);
    expect(ours).toBeInstanceOf(GraphQLError);
    expect(ours.toJSON()).toEqual(theirs.toJSON());
    expect(ours.originalError).toBe(refusal);
    expect(ours.stack).toBe('DomainError: too low');
    // graphql-js hands a located error back as it is
    expect(locatedError(ours, [field], ['placeBid'])).toBe(ours);
    const internal = new Error('boom');
    expect(locatedRefusal(internal, [field], ['placeBid'])).toBe(internal);
  });

  it('formatError answers a located refusal with its code and extensions, no stack', () => {
    const refusal = new DomainError(ErrorCode.BID_TOO_LOW, 'too low', { nextMinimumBid: '105.00' });
    const located = locatedRefusal(refusal, [field], ['placeBid']) as GraphQLError;
    const logged: string[] = [];
    const out = formatError(located.toJSON(), located, (m) => logged.push(m));
    expect(out).toEqual({
      message: 'too low',
      locations: [{ line: 1, column: 12 }],
      path: ['placeBid'],
      extensions: { nextMinimumBid: '105.00', code: 'BID_TOO_LOW' },
    });
    expect(JSON.stringify(out)).not.toMatch(/stack|DomainError/);
    expect(logged).toEqual([]);
  });

  it('an internal error is logged with its stack trace and answered without it', () => {
    const internal = new Error('database exploded');
    const located = locatedError(internal, [field], ['placeBid']);
    const logged: string[] = [];
    const out = formatError(located.toJSON(), located, (m) => logged.push(m));
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(out.message).toBe('Internal server error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/database exploded\n\s+at /);
  });
});
