/**
 * A Qdrant test double: a real HTTP server on 127.0.0.1 (random port) that checks EVERY request
 * against Qdrant's own OpenAPI document (../shared/benchmarks/qdrant/openapi-v1.18.x.json, the
 * version @qdrant/js-client-rest 1.18 speaks) — path, method, query parameters and JSON body — and
 * answers from an in-memory index with responses that are themselves validated against the
 * document's response schemas. A request the document does not describe, or a body that does not
 * validate, is answered 400/404 and listed in `problems`, so an adapter sending a wrong path, body
 * or field name fails its test.
 *
 * Implemented behaviour (the subset the knowledge-base adapter uses): collections (create, exists,
 * info, delete), aliases (list, update), payload indexes, points upsert / delete / scroll / count,
 * and the Query API: a sparse or dense nearest query, or prefetches fused with RRF, with `must`
 * match filters. Scoring follows Qdrant: sparse dot product (with the `idf` modifier when the
 * collection asks for it), cosine for dense vectors, RRF `Σ 1/(k + rank)`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';

const OPENAPI_PATH = new URL('../../../shared/benchmarks/qdrant/openapi-v1.18.x.json', import.meta.url);

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  params: string[];
  query: Map<string, ValidateFunction>;
  body?: ValidateFunction;
  response?: ValidateFunction;
}

interface StoredPoint {
  id: string | number;
  payload: Record<string, unknown>;
  vector: Record<string, unknown>;
}

interface Collection {
  config: {
    vectors: Record<string, { size: number; distance: string }>;
    sparse: Record<string, { modifier?: string }>;
  };
  points: Map<string, StoredPoint>;
  indexes: Map<string, string>;
}

export interface RecordedQdrantRequest {
  method: string;
  path: string;
  operation: string | null;
  query: Record<string, string>;
  body: unknown;
}

export interface QdrantDouble {
  url: string;
  requests: RecordedQdrantRequest[];
  problems: string[];
  collections: Map<string, Collection>;
  aliases: Map<string, string>;
  close(): Promise<void>;
}

let cached: { ajv: Ajv; operations: Operation[] } | undefined;

function compileSpec(): { ajv: Ajv; operations: Operation[] } {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
    components: Record<string, unknown>;
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const isUint = (x: number) => Number.isInteger(x) && x >= 0;
  for (const f of ['uint', 'uint64', 'uint32', 'uint16', 'uint8', 'usize'])
    ajv.addFormat(f, { type: 'number', validate: isUint });
  for (const f of ['int', 'int64', 'int32']) ajv.addFormat(f, { type: 'number', validate: Number.isInteger });
  for (const f of ['float', 'double']) ajv.addFormat(f, { type: 'number', validate: Number.isFinite });
  for (const f of ['uuid', 'date-time', 'partial-date-time', 'uri']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: 'qdrant.json', components: openApiToJsonSchema(doc.components) });
  const fix = (schema: unknown): unknown =>
    openApiToJsonSchema(
      JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"qdrant.json#/components/')),
    );
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as {
        parameters?: { name: string; in: string; schema?: unknown }[];
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      };
      const params: string[] = [];
      const regex = new RegExp(
        `^${template.replace(/\{(\w+)\}/g, (_m, name: string) => {
          params.push(name);
          return '([^/]+)';
        })}$`,
      );
      const query = new Map<string, ValidateFunction>();
      for (const p of op.parameters ?? []) {
        if (p.in === 'query') query.set(p.name, ajv.compile((fix(p.schema) as object) ?? {}));
      }
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const responseSchema = op.responses?.['200']?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        template,
        regex,
        params,
        query,
        ...(bodySchema ? { body: ajv.compile(fix(bodySchema) as object) } : {}),
        ...(responseSchema ? { response: ajv.compile(fix(responseSchema) as object) } : {}),
      });
    }
  }
  cached = { ajv, operations };
  return cached;
}

/**
 * OpenAPI 3.0 `nullable` -> JSON Schema: `{type: T, nullable}` keeps T or null, a bare
 * `{nullable: true}` (Qdrant's `anyOf: [{$ref}, {nullable: true}]`) becomes `{type: 'null'}`, and
 * other nullable schemas are wrapped in `anyOf [schema, null]`.
 */
function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'example' ? v : openApiToJsonSchema(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  const { description: _d, default: _def, ...rest } = out;
  if (Object.keys(rest).length === 0) return { type: 'null' };
  return { anyOf: [rest, { type: 'null' }] };
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function matches(filter: unknown, payload: Record<string, unknown>): boolean {
  if (!filter || typeof filter !== 'object') return true;
  const f = filter as { must?: unknown[] };
  for (const c of f.must ?? []) {
    const cond = c as { key?: string; match?: { value?: unknown; any?: unknown[] } };
    if (!cond.key || !cond.match) return false;
    const v = payload[cond.key];
    if ('value' in cond.match && v !== cond.match.value) return false;
    if (cond.match.any && !cond.match.any.includes(v)) return false;
  }
  return true;
}

export async function startQdrantDouble(options: { apiKey?: string } = {}): Promise<QdrantDouble> {
  const { ajv, operations } = compileSpec();
  const requests: RecordedQdrantRequest[] = [];
  const problems: string[] = [];
  const collections = new Map<string, Collection>();
  const aliases = new Map<string, string>();
  let opId = 0;
  const resolve = (name: string) => collections.get(aliases.get(name) ?? name);

  function reply(res: ServerResponse, op: Operation | null, status: number, body: unknown): void {
    if (op?.response && status === 200 && !op.response(body)) {
      problems.push(
        `double answered ${op.method} ${op.template} with an invalid body: ${ajv.errorsText(op.response.errors)}`,
      );
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
  const ok = (result: unknown) => ({ result, status: 'ok', time: 0.0001 });
  const fail = (res: ServerResponse, op: Operation | null, status: number, error: string) => {
    problems.push(`${status}: ${error}`);
    reply(res, null, status, { status: { error }, time: 0 });
    void op;
  };
  const updated = () => ({ operation_id: ++opId, status: 'completed' });

  function rank(c: Collection, using: string | undefined, query: unknown, filter: unknown, limit: number) {
    const pts = [...c.points.values()].filter((p) => matches(filter, p.payload));
    if (query && typeof query === 'object' && 'indices' in (query as object)) {
      const q = query as { indices: number[]; values: number[] };
      const name = using ?? '';
      const useIdf = c.config.sparse[name]?.modifier === 'idf';
      const df = new Map<number, number>();
      if (useIdf) {
        for (const p of c.points.values()) {
          const v = p.vector[name] as { indices: number[] } | undefined;
          for (const i of v?.indices ?? []) df.set(i, (df.get(i) ?? 0) + 1);
        }
      }
      const n = c.points.size;
      return pts
        .map((p) => {
          const v = p.vector[name] as { indices: number[]; values: number[] } | undefined;
          if (!v) return null;
          let s = 0;
          q.indices.forEach((i, k) => {
            const j = v.indices.indexOf(i);
            if (j >= 0) s += q.values[k]! * v.values[j]! * (useIdf ? idf(n, df.get(i) ?? 0) : 1);
          });
          return s > 0 ? { p, score: s } : null;
        })
        .filter((x): x is { p: StoredPoint; score: number } => x !== null)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    }
    const q = query as number[];
    const name = using ?? '';
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    return pts
      .map((p) => {
        const v = p.vector[name] as number[] | undefined;
        if (!v) return null;
        return { p, score: v.reduce((s, x, i) => s + x * q[i]!, 0) / (norm(v) * norm(q)) };
      })
      .filter((x): x is { p: StoredPoint; score: number } => x !== null)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  function shape(p: StoredPoint, withPayload: unknown, withVector: unknown, score?: number) {
    let payload: Record<string, unknown> | null = null;
    if (withPayload === true) payload = p.payload;
    else if (Array.isArray(withPayload))
      payload = Object.fromEntries(
        withPayload.filter((k: string) => k in p.payload).map((k: string) => [k, p.payload[k]]),
      );
    let vector: Record<string, unknown> | null = null;
    if (withVector === true) vector = p.vector;
    else if (Array.isArray(withVector))
      vector = Object.fromEntries(
        withVector.filter((k: string) => k in p.vector).map((k: string) => [k, p.vector[k]]),
      );
    return { id: p.id, payload, vector, ...(score !== undefined ? { score, version: 0 } : {}) };
  }

  function handle(
    op: Operation,
    params: Record<string, string>,
    body: Record<string, unknown>,
    res: ServerResponse,
  ): void {
    const key = `${op.method} ${op.template}`;
    const name = params.collection_name ?? '';
    switch (key) {
      case 'GET /aliases':
      case 'GET /collections/aliases':
        return reply(
          res,
          op,
          200,
          ok({
            aliases: [...aliases].map(([alias_name, collection_name]) => ({ alias_name, collection_name })),
          }),
        );
      case 'POST /collections/aliases': {
        for (const a of (body.actions as Record<string, Record<string, string>>[]) ?? []) {
          if (a.create_alias) {
            if (!collections.has(a.create_alias.collection_name!))
              return fail(res, op, 404, `Collection ${a.create_alias.collection_name} not found`);
            aliases.set(a.create_alias.alias_name!, a.create_alias.collection_name!);
          }
          if (a.delete_alias) aliases.delete(a.delete_alias.alias_name!);
        }
        return reply(res, op, 200, ok(true));
      }
      case 'GET /collections/{collection_name}/exists':
        return reply(res, op, 200, ok({ exists: resolve(name) !== undefined }));
      case 'PUT /collections/{collection_name}': {
        if (collections.has(name)) return fail(res, op, 409, `Collection ${name} already exists`);
        const vectors = (body.vectors ?? {}) as Record<string, { size: number; distance: string }>;
        if ('size' in vectors) return fail(res, op, 400, 'this double expects named vectors');
        collections.set(name, {
          config: { vectors, sparse: (body.sparse_vectors ?? {}) as Collection['config']['sparse'] },
          points: new Map(),
          indexes: new Map(),
        });
        return reply(res, op, 200, ok(true));
      }
      case 'DELETE /collections/{collection_name}':
        return reply(res, op, 200, ok(collections.delete(name)));
      case 'GET /collections/{collection_name}': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        return reply(
          res,
          op,
          200,
          ok({
            status: 'green',
            optimizer_status: 'ok',
            points_count: c.points.size,
            indexed_vectors_count: 0,
            segments_count: 1,
            config: {
              params: {
                vectors: c.config.vectors,
                sparse_vectors: c.config.sparse,
                shard_number: 1,
                replication_factor: 1,
                write_consistency_factor: 1,
                on_disk_payload: true,
              },
              hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
              optimizer_config: { default_segment_number: 0, flush_interval_sec: 5 },
            },
            payload_schema: Object.fromEntries(
              [...c.indexes].map(([k, t]) => [k, { data_type: t, points: c.points.size }]),
            ),
          }),
        );
      }
      case 'PUT /collections/{collection_name}/index': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        c.indexes.set(body.field_name as string, body.field_schema as string);
        return reply(res, op, 200, ok(updated()));
      }
      case 'PUT /collections/{collection_name}/points': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        for (const p of (body.points as StoredPoint[]) ?? []) {
          const vec = p.vector as Record<string, unknown>;
          for (const [vn, v] of Object.entries(vec)) {
            if (Array.isArray(v)) {
              const spec = c.config.vectors[vn];
              if (!spec) return fail(res, op, 400, `Wrong input: Not existing vector name error: ${vn}`);
              if (spec.size !== v.length)
                return fail(
                  res,
                  op,
                  400,
                  `Wrong input: Vector dimension error: expected dim: ${spec.size}, got ${v.length}`,
                );
            } else if (!c.config.sparse[vn])
              return fail(res, op, 400, `Wrong input: Not existing vector name error: ${vn}`);
          }
          c.points.set(String(p.id), { id: p.id, payload: p.payload ?? {}, vector: vec });
        }
        return reply(res, op, 200, ok(updated()));
      }
      case 'POST /collections/{collection_name}/points/delete': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        for (const id of (body.points as (string | number)[]) ?? []) c.points.delete(String(id));
        return reply(res, op, 200, ok(updated()));
      }
      case 'POST /collections/{collection_name}/points/count': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        return reply(
          res,
          op,
          200,
          ok({ count: [...c.points.values()].filter((p) => matches(body.filter, p.payload)).length }),
        );
      }
      case 'POST /collections/{collection_name}/points/scroll': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        const all = [...c.points.values()]
          .filter((p) => matches(body.filter, p.payload))
          .sort((a, b) => String(a.id).localeCompare(String(b.id)));
        const start =
          body.offset !== undefined && body.offset !== null
            ? all.findIndex((p) => String(p.id) >= String(body.offset))
            : 0;
        const limit = (body.limit as number | undefined) ?? 10;
        const page = start < 0 ? [] : all.slice(start, start + limit);
        const next = start >= 0 ? all[start + limit] : undefined;
        return reply(
          res,
          op,
          200,
          ok({
            points: page.map((p) => shape(p, body.with_payload ?? true, body.with_vector ?? false)),
            next_page_offset: next ? next.id : null,
          }),
        );
      }
      case 'POST /collections/{collection_name}/points/query': {
        const c = resolve(name);
        if (!c) return fail(res, op, 404, `Collection ${name} not found`);
        const limit = (body.limit as number | undefined) ?? 10;
        let scored: { p: StoredPoint; score: number }[];
        const prefetch = body.prefetch
          ? Array.isArray(body.prefetch)
            ? body.prefetch
            : [body.prefetch]
          : [];
        if (prefetch.length > 0) {
          const q = body.query as { rrf?: { k?: number }; fusion?: string } | undefined;
          if (!q || !(q.rrf || q.fusion === 'rrf'))
            return fail(res, op, 400, 'this double fuses prefetches with RRF only');
          const k = q.rrf?.k ?? 2;
          const lists = prefetch.map((pf: Record<string, unknown>) =>
            rank(c, pf.using as string, pf.query, pf.filter, (pf.limit as number) ?? 10),
          );
          const fused = new Map<string, { p: StoredPoint; score: number }>();
          for (const list of lists) {
            list.forEach((h, r) => {
              const e = fused.get(String(h.p.id)) ?? { p: h.p, score: 0 };
              e.score += 1 / (k + r + 1);
              fused.set(String(h.p.id), e);
            });
          }
          scored = [...fused.values()]
            .filter((h) => matches(body.filter, h.p.payload))
            .sort((a, b) => b.score - a.score)
            .slice(0, limit);
        } else {
          scored = rank(c, body.using as string | undefined, body.query, body.filter, limit);
        }
        return reply(
          res,
          op,
          200,
          ok({
            points: scored.map((h) =>
              shape(h.p, body.with_payload ?? false, body.with_vector ?? false, h.score),
            ),
          }),
        );
      }
      default:
        return fail(res, op, 501, `the double does not implement ${key}`);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const query = Object.fromEntries(url.searchParams);
      let op: Operation | null = null;
      let params: Record<string, string> = {};
      for (const o of operations) {
        if (o.method !== method) continue;
        const m = o.regex.exec(url.pathname);
        if (!m) continue;
        // Prefer the literal path (`/collections/aliases`) over a template (`/collections/{name}`).
        if (op && op.params.length <= o.params.length) continue;
        op = o;
        params = Object.fromEntries(o.params.map((p, i) => [p, decodeURIComponent(m[i + 1]!)]));
      }
      requests.push({
        method,
        path: url.pathname,
        operation: op ? `${op.method} ${op.template}` : null,
        query,
        body,
      });
      if (options.apiKey && req.headers['api-key'] !== options.apiKey)
        return fail(res, op, 401, 'Must provide an API key or an Authorization bearer token');
      if (!op) return fail(res, null, 404, `${method} ${url.pathname} is not in the Qdrant OpenAPI document`);
      for (const [k, v] of Object.entries(query)) {
        const check = op.query.get(k);
        if (!check) return fail(res, op, 400, `${op.template}: unknown query parameter ${k}`);
        const value = v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v;
        if (!check(value))
          return fail(res, op, 400, `${op.template}: query parameter ${k}: ${ajv.errorsText(check.errors)}`);
      }
      if (op.body) {
        if (body === undefined && raw) return fail(res, op, 400, `${op.template}: body is not JSON`);
        if (body !== undefined && !op.body(body))
          return fail(
            res,
            op,
            400,
            `${op.method} ${op.template}: body does not match the schema: ${ajv.errorsText(op.body.errors)}`,
          );
      }
      try {
        handle(op, params, (body ?? {}) as Record<string, unknown>, res);
      } catch (err) {
        fail(res, op, 500, `double error: ${String(err)}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    collections,
    aliases,
    close: () =>
      new Promise<void>((r, j) => {
        server.closeAllConnections();
        server.close((e) => (e ? j(e) : r()));
      }),
  };
}
