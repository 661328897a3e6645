// updateX(input): changes the given fields of an item in the caller's partition. A field given
// as null is removed; required fields cannot be removed. Updating an item that does not exist
// (or belongs to someone else) fails instead of creating it.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  // Required fields of each model, generated from the `models` answer (keyed by mutation name).
  const requiredFields = {
{%- for item in models %}
{%- set model = (item | split(pat=":"))[0] %}
{%- set fields = (item | split(pat=":"))[1] | split(pat=";") %}
    update{{ model | safe }}: [{{ ["'" ~ (f | split(pat="="))[0] ~ "'" for f in fields if f is ending_with(pat="!")] | join(sep=", ") | safe }}],
{%- endfor %}
  };
  const input = ctx.args.input;
  const required = requiredFields[ctx.info.fieldName] ?? [];
  const names = { '#updatedAt': 'updatedAt' };
  const values = { ':updatedAt': util.time.nowISO8601() };
  const sets = ['#updatedAt = :updatedAt'];
  const removes = [];
  let i = 0;
  for (const field of Object.keys(input)) {
    if (field !== 'id') {
      const value = input[field];
      if (value === null && required.indexOf(field) >= 0) {
        util.error(`${field} is required and cannot be removed`, 'ValidationError');
      }
      names[`#f${i}`] = field;
      if (value === null) {
        removes.push(`#f${i}`);
      } else {
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      }
      i = i + 1;
    }
  }
  let expression = `SET ${sets.join(', ')}`;
  if (removes.length > 0) {
    expression = `${expression} REMOVE ${removes.join(', ')}`;
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ owner: ctx.identity.sub, id: input.id }),
    update: {
      expression: expression,
      expressionNames: names,
      expressionValues: util.dynamodb.toMapValues(values),
    },
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
