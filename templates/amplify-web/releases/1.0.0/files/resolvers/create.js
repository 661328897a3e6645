// createX(input): stores a new item in the caller's partition. The owner, id and timestamps are
// set here; clients cannot choose them (the Create input types do not have these fields).
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const now = util.time.nowISO8601();
  const item = { ...ctx.args.input, createdAt: now, updatedAt: now };
  return {
    operation: 'PutItem',
    key: util.dynamodb.toMapValues({ owner: ctx.identity.sub, id: util.autoId() }),
    attributeValues: util.dynamodb.toMapValues(item),
    condition: {
      expression: 'attribute_not_exists(#id)',
      expressionNames: { '#id': 'id' },
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
