// deleteX(id): deletes from the caller's partition only; deleting an item that does not exist
// (or belongs to someone else) fails instead of succeeding silently.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    operation: 'DeleteItem',
    key: util.dynamodb.toMapValues({ owner: ctx.identity.sub, id: ctx.args.id }),
    condition: {
      expression: 'attribute_exists(#id)',
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
