// listXs(limit, nextToken): queries the caller's partition, one page at a time.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  // 20 items per page unless the caller asks for another size, at most 100.
  const limit = Math.min(Math.max(ctx.args.limit ?? 20, 1), 100);
  return {
    operation: 'Query',
    query: {
      expression: '#owner = :owner',
      expressionNames: { '#owner': 'owner' },
      expressionValues: util.dynamodb.toMapValues({ ':owner': ctx.identity.sub }),
    },
    limit: limit,
    nextToken: ctx.args.nextToken,
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
