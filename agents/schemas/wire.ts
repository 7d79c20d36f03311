/**
 * The wire codec: TypeScript code works with camelCase objects, the wire (HTTP bodies, stored
 * items, MCP tool arguments) keeps the seed's snake_case field names.
 *
 * The conversion is driven by the zod schema, not by the data: only keys that are declared in an
 * object shape are renamed. Keys of free-form maps (`task_progress`, `amenities_importance`,
 * `metadata`, tool `arguments`, ...) are left exactly as they are, so `{"flight_search": 100}`
 * stays `flight_search` on both sides.
 */
import { z } from 'zod';
import { ValidationError, type ErrorDetail } from '../errors.js';

/** `totalBudget` -> `total_budget`. */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

/** `total_budget` -> `totalBudget`. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  items?: AnySchema[];
  rest?: AnySchema | null;
  options?: AnySchema[];
  left?: AnySchema;
  right?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
}

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
  'success',
]);

/** Strips wrappers (optional, default, pipe, lazy, ...) down to the structural schema. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else return current;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Object shapes reachable at this schema position (several for unions and intersections). */
function objectShapes(schema: AnySchema): Record<string, AnySchema>[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object' && def.shape) return [def.shape];
  if (def.type === 'union' && def.options) return def.options.flatMap(objectShapes);
  if (def.type === 'intersection' && def.left && def.right)
    return [...objectShapes(def.left), ...objectShapes(def.right)];
  return [];
}

type Direction = 'toWire' | 'fromWire';

function renameKey(key: string, direction: Direction): string {
  return direction === 'toWire' ? camelToSnake(key) : snakeToCamel(key);
}

/** Finds the shape entry for a key as it appears in the data of the given direction. */
function lookupShapeKey(
  shapes: Record<string, AnySchema>[],
  dataKey: string,
  direction: Direction,
): { outKey: string; child: AnySchema } | undefined {
  for (const shape of shapes) {
    // Own keys only: `constructor`, `__proto__`, ... must not resolve to Object.prototype members.
    if (direction === 'toWire') {
      const child = Object.hasOwn(shape, dataKey) ? shape[dataKey] : undefined;
      if (child) return { outKey: camelToSnake(dataKey), child };
    } else {
      const camel = snakeToCamel(dataKey);
      const child = Object.hasOwn(shape, camel) ? shape[camel] : undefined;
      // Only rename when the wire key is exactly the snake form of a declared key.
      if (child && camelToSnake(camel) === dataKey) return { outKey: camel, child };
    }
  }
  return undefined;
}

/**
 * True when a wire key is the camelCase (non-wire) spelling of a declared key, e.g. `totalBudget`
 * where the wire name is `total_budget`. Such keys are dropped on the way in: passing them through
 * would let `{"total_budget": -5, "totalBudget": 100}` smuggle a value past the wire name.
 */
function isNonWireSpelling(shapes: Record<string, AnySchema>[], dataKey: string): boolean {
  return shapes.some((shape) => Object.hasOwn(shape, dataKey) && camelToSnake(dataKey) !== dataKey);
}

function convert(schema: AnySchema, value: unknown, direction: Direction): unknown {
  if (value === null || value === undefined) return value;
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case 'object':
    case 'union':
    case 'intersection': {
      if (Array.isArray(value) && def.type === 'union' && def.options) {
        const arrayOption = def.options.find((o) => defOf(unwrap(o)).type === 'array');
        return arrayOption ? convert(arrayOption, value, direction) : value;
      }
      if (!isPlainObject(value)) return value;
      const shapes = objectShapes(s);
      if (shapes.length === 0) return value;
      // Built with fromEntries (define semantics), so a `__proto__` key stays a plain own key
      // instead of replacing the prototype of the result.
      const out: [string, unknown][] = [];
      for (const [key, v] of Object.entries(value)) {
        const hit = lookupShapeKey(shapes, key, direction);
        if (hit) out.push([hit.outKey, convert(hit.child, v, direction)]);
        else if (direction === 'fromWire' && isNonWireSpelling(shapes, key)) continue;
        else out.push([key, v]);
      }
      return Object.fromEntries(out);
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.map((v) => convert(def.element!, v, direction))
        : value;
    case 'tuple':
      if (!Array.isArray(value) || !def.items) return value;
      return value.map((v, i) => {
        const item = def.items![i] ?? def.rest;
        return item ? convert(item, v, direction) : v;
      });
    case 'record':
      if (!isPlainObject(value) || !def.valueType) return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, convert(def.valueType!, v, direction)]),
      );
    default:
      return value;
  }
}

/** Converts a camelCase value to its snake_case wire form, guided by the schema. */
export function toWire<S extends AnySchema>(schema: S, value: z.output<S>): unknown {
  return convert(schema, value, 'toWire');
}

/** Converts a snake_case wire value to camelCase keys (no validation), guided by the schema. */
export function fromWire(schema: AnySchema, value: unknown): unknown {
  return convert(schema, value, 'fromWire');
}

/** Maps a camelCase issue path (from validating the domain schema) to its dotted wire path. */
export function wirePath(schema: AnySchema, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let current: AnySchema | undefined = schema;
  for (const seg of path) {
    if (typeof seg === 'number') {
      parts.push(String(seg));
      if (current) {
        const def = defOf(unwrap(current));
        current =
          def.type === 'array'
            ? def.element
            : def.type === 'tuple'
              ? (def.items?.[seg] ?? undefined)
              : undefined;
      }
      continue;
    }
    const key = String(seg);
    if (!current) {
      parts.push(key);
      continue;
    }
    const def = defOf(unwrap(current));
    if (def.type === 'record') {
      parts.push(key);
      current = def.valueType;
      continue;
    }
    const hit = lookupShapeKey(objectShapes(current), key, 'toWire');
    parts.push(hit ? hit.outKey : renameKey(key, 'toWire'));
    current = hit?.child;
  }
  return parts.join('.');
}

export type Lang = 'zh' | 'en';

/** Turns zod issues into the seed's `error.details` list, with wire paths and localized messages. */
export function issuesToDetails(schema: AnySchema, issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({
    field: wirePath(schema, issue.path) || '(body)',
    message: issue.message,
  }));
}

const zhLocale = z.locales.zhCN();
const enLocale = z.locales.en();

/**
 * Parses a wire-format (snake_case) value into the camelCase domain type, or throws a
 * {@link ValidationError} whose details name each failing field by its wire path.
 */
export function parseWire<S extends AnySchema>(schema: S, input: unknown, lang: Lang = 'en'): z.output<S> {
  const localeError = lang === 'zh' ? zhLocale.localeError : enLocale.localeError;
  const result = z.safeParse(schema, fromWire(schema, input), { error: localeError });
  if (result.success) return result.data;
  throw new ValidationError('Validation failed', {
    details: issuesToDetails(schema, result.error.issues),
  });
}

/** Parses a camelCase domain value, or throws a {@link ValidationError} with wire-path details. */
export function parseDomain<S extends AnySchema>(schema: S, input: unknown, lang: Lang = 'en'): z.output<S> {
  const localeError = lang === 'zh' ? zhLocale.localeError : enLocale.localeError;
  const result = z.safeParse(schema, input, { error: localeError });
  if (result.success) return result.data;
  throw new ValidationError('Validation failed', {
    details: issuesToDetails(schema, result.error.issues),
  });
}
