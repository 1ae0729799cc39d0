/**
 * type-graphql 2.0.0-rc.4 gathers a resolver's arguments in `getParams` (resolvers/helpers.js), which first sorts
 * the resolver's parameter list by position — on every call: a sort, and the sort's workspace, per field resolved
 * (~80 KB a request for a page of 20 auctions, `bench/profile --allocations`). The lists are type-graphql's
 * metadata, complete once the schema is built. This puts in its place the same function that sorts each list
 * once (the first time it sees it) and then reads it as it is; the rest is type-graphql's own code, calling its
 * own helpers. It also answers an argument no validation applies to as itself rather than as a promise of itself
 * (type-graphql's validateArg is async), so a resolver whose arguments need nothing runs without a Promise.all.
 * Only for the version it was written against: any other leaves type-graphql as it is.
 */
import { dirname, join } from 'node:path';

/** the version whose getParams this replaces (package.json pins it) */
const VERSION = '2.0.0-rc.4';

interface ParamInfo {
  index: number;
  kind: 'args' | 'arg' | 'context' | 'root' | 'info' | 'custom';
  propertyName?: string;
  getType?: () => unknown;
  validateSettings?: unknown;
  validateFn?: unknown;
  options?: { arg?: ParamInfo };
  resolver?: (data: ResolverData) => unknown;
}
interface ResolverData {
  args: Record<string, unknown>;
  context: Record<string, unknown>;
  root: Record<string, unknown>;
  info: unknown;
}
type ValidateArg = (
  value: unknown,
  type: unknown,
  data: ResolverData,
  globalValidate: unknown,
  settings: unknown,
  globalValidateFn: unknown,
  validateFn: unknown,
) => unknown;

let installed: boolean | undefined;

/** Installs the replacement once per process; answers whether it is in place. */
export function sortResolverParamsOnce(): boolean {
  if (installed !== undefined) return installed;
  // the module system's own require: the type-graphql instance the schema is built with (one per registry);
  // its internals are not in the package's exports, so they are required by path
  /* eslint-disable @typescript-eslint/no-require-imports */
  const root = dirname(require.resolve('type-graphql')); // build/cjs
  const version = (require(join(root, '..', '..', 'package.json')) as { version: string }).version;
  const helpers = require(join(root, 'resolvers', 'helpers.js')) as { getParams: Function };
  if (version !== VERSION || typeof helpers.getParams !== 'function' || helpers.getParams.length !== 4)
    return (installed = false);
  const { convertArgsToInstance, convertArgToInstance } = require(
    join(root, 'resolvers', 'convert-args.js'),
  ) as {
    convertArgsToInstance(info: ParamInfo, args: Record<string, unknown>): unknown;
    convertArgToInstance(info: ParamInfo, args: Record<string, unknown>): unknown;
  };
  const { validateArg: validateArgAsync } = require(join(root, 'resolvers', 'validate-arg.js')) as {
    validateArg: ValidateArg;
  };
  // validateArg is async: every argument, validated or not, became a promise, and every resolver with arguments
  // a Promise.all and a `then` (two of three field resolvers of an auction's detail). Its own first steps, taken
  // here synchronously: an argument no validation applies to (validate: false, schema.ts; or not an object) is
  // the value itself, as validateArg would resolve it; any other goes through validateArg.
  const validateArg: ValidateArg = (value, type, data, globalValidate, settings, globalFn, fn) => {
    if (typeof (fn ?? globalFn) !== 'function') {
      const validate = settings !== undefined ? settings : globalValidate;
      if (validate === false || value === null || typeof value !== 'object') return value;
    }
    return validateArgAsync(value, type, data, globalValidate, settings, globalFn, fn);
  };
  const { convertToType } = require(join(root, 'helpers', 'types.js')) as {
    convertToType(type: unknown, value: unknown): unknown;
  };
  const { isPromiseLike } = require(join(root, 'utils', 'isPromiseLike.js')) as {
    isPromiseLike(value: unknown): boolean;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sorted = new WeakSet<ParamInfo[]>();
  helpers.getParams = function getParams(
    params: ParamInfo[],
    data: ResolverData,
    globalValidate: unknown,
    globalValidateFn: unknown,
  ): unknown {
    if (!sorted.has(params)) {
      params.sort((a, b) => a.index - b.index);
      sorted.add(params);
    }
    const values = params.map((param) => {
      switch (param.kind) {
        case 'args':
        case 'arg':
          return validateArg(
            (param.kind === 'args' ? convertArgsToInstance : convertArgToInstance)(param, data.args),
            param.getType!(),
            data,
            globalValidate,
            param.validateSettings,
            globalValidateFn,
            param.validateFn,
          );
        case 'context':
          return param.propertyName ? data.context[param.propertyName] : data.context;
        case 'root': {
          const value = param.propertyName ? data.root[param.propertyName] : data.root;
          return param.getType ? convertToType(param.getType(), value) : value;
        }
        case 'info':
          return data.info;
        case 'custom': {
          const arg = param.options?.arg;
          if (arg) {
            const validated = validateArg(
              convertArgToInstance(arg, data.args),
              arg.getType!(),
              data,
              globalValidate,
              arg.validateSettings,
              globalValidateFn,
              arg.validateFn,
            );
            if (isPromiseLike(validated))
              return (validated as Promise<unknown>).then(() => param.resolver!(data));
          }
          return param.resolver!(data);
        }
      }
    });
    return values.some(isPromiseLike) ? Promise.all(values) : values;
  };
  return (installed = true);
}
