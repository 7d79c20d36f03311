/**
 * Conversion between domain entities and stored items, plus the mapping of DynamoDB failures to
 * the typed errors of agents/errors.ts. Items hold the entity in its wire form (the seed's
 * snake_case names) beside the layout attributes of keys.ts.
 */
import { z } from 'zod';
import { fromWire, toWire } from '../../agents/schemas/wire.js';
import { DependencyFailedError, InternalError, AppError } from '../../agents/errors.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { LAYOUT_ATTRIBUTES } from './keys.js';

type AnySchema = z.core.$ZodType;

/** Builds a storable item: the entity's wire form plus layout attributes. */
export function toItem<S extends AnySchema>(
  schema: S,
  entity: z.output<S>,
  layout: Record<string, string | number>,
): Record<string, unknown> {
  const wire = toWire(schema, entity) as Record<string, unknown>;
  return { ...wire, ...layout };
}

/** Reads an entity back; a stored item that no longer fits the schema is a system fault. */
export function fromItem<S extends AnySchema>(schema: S, item: Record<string, unknown>): z.output<S> {
  const data: Record<string, unknown> = { ...item };
  for (const attr of LAYOUT_ATTRIBUTES) delete data[attr];
  const result = z.safeParse(schema, fromWire(schema, data));
  if (!result.success) {
    throw new InternalError('Stored item does not match its schema', {
      context: { pk: item['pk'], sk: item['sk'], issues: result.error.issues.slice(0, 5) },
    });
  }
  return result.data;
}

/** Name of an AWS SDK error (`ConditionalCheckFailedException`, ...), if it is one. */
export function awsErrorName(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string')
    return err.name;
  return undefined;
}

export function isConditionalCheckFailed(err: unknown): boolean {
  return awsErrorName(err) === 'ConditionalCheckFailedException';
}

/** Cancellation reason codes of a TransactionCanceledException, in the order of the transaction items. */
export function cancellationCodes(err: unknown): (string | undefined)[] | undefined {
  if (awsErrorName(err) !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => (r.Code === 'None' ? undefined : r.Code));
}

/** The old item returned with a failed condition (ReturnValuesOnConditionCheckFailure: ALL_OLD). */
export function conditionFailedItem(err: unknown): Record<string, unknown> | undefined {
  return (err as { Item?: Record<string, unknown> }).Item;
}

/**
 * The catch of a conditional put ("put if absent"): a failed `attribute_not_exists` condition
 * becomes `conflict()` (CONFLICT), anything else goes through {@link rethrowStorageError}.
 */
export function rethrowPutIfAbsent(err: unknown, conflict: () => AppError, operation: string): never {
  if (isConditionalCheckFailed(err)) throw conflict();
  rethrowStorageError(err, operation);
}

/**
 * The catch of a transaction of conditional writes (put-if-absent items among them): `failed` maps
 * the index of an item whose condition failed to its typed error, checked in the order given (the
 * first match is thrown); `cancelled`, when given, is thrown for a transaction cancelled otherwise
 * (a concurrent write); anything else goes through {@link rethrowStorageError}. Transactions whose
 * failure needs a read or several details at once keep their own catch (user and plan repositories).
 */
export function rethrowTransactionConditions(
  err: unknown,
  operation: string,
  failed: readonly (readonly [index: number, error: () => AppError])[],
  cancelled?: () => AppError,
): never {
  const codes = cancellationCodes(err);
  if (codes) {
    for (const [index, error] of failed) if (codes[index] === 'ConditionalCheckFailed') throw error();
    if (cancelled) throw cancelled();
  }
  rethrowStorageError(err, operation);
}

/** Rethrows typed errors as they are; anything else from the SDK becomes DEPENDENCY_FAILED. */
export function rethrowStorageError(err: unknown, operation: string): never {
  if (err instanceof AppError) throw err;
  throw new DependencyFailedError(`DynamoDB ${operation} failed`, {
    cause: err,
    context: { operation, awsError: awsErrorName(err) },
  });
}

/**
 * The old item of a failed condition, unmarshalled. The document client does not unmarshall
 * errors, so the item arrives as raw AttributeValues.
 */
export function oldItemOf(err: unknown): Record<string, unknown> | undefined {
  const item = conditionFailedItem(err);
  if (!item) return undefined;
  return unmarshall(item as Record<string, AttributeValue>);
}

/**
 * Builds `SET a = :a, ... REMOVE b` for a partial wire object (null/undefined remove the attribute),
 * always setting `updated_at`. Attribute names go through placeholders, so any field name is safe.
 */
export function updateExpressionFor(
  wireChanges: Record<string, unknown>,
  updatedAt: string,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const names: Record<string, string> = { '#updated_at': 'updated_at' };
  const values: Record<string, unknown> = { ':updated_at': updatedAt };
  const sets = ['#updated_at = :updated_at'];
  const removes: string[] = [];
  for (const [k, v] of Object.entries(wireChanges)) {
    if (k === 'updated_at') continue;
    names[`#${k}`] = k;
    if (v === undefined || v === null) removes.push(`#${k}`);
    else {
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
  }
  return {
    expression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    names,
    values,
  };
}
