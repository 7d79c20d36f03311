/**
 * Knowledge-base and vector domain (seed "数据模型设计 / 4. 知识库和向量模型"): documents the
 * agents retrieve from, vector search queries and results, and per-user preference vectors.
 *
 * Keys are camelCase; wire.ts maps each one to the seed's snake_case field name. Seed
 * `Optional[X] = None` fields are `.nullish()`: they may be omitted or `null` (pydantic emits `null`).
 * Seed bug: `filters: Dict[str, Any]` uses `Any` without importing it; it is a {@link JsonObject}
 * here, whose keys are data and are never renamed.
 */
import { z } from 'zod';
import { Coordinates, IsoDateTime, JsonObject, EntityId, NonEmpty, HttpUrl, Count } from './common.js';
import { Language } from './user.js';

/** A vector of finite numbers (NaN and ±Infinity are rejected by `z.number()`). */
const Vector = z.array(z.number());
/** A score on the 0..1 scale. */
const UnitScore = z.number().min(0).max(1);

/** Topic of a knowledge document (seed comment: destination, activity, hotel, restaurant, guide). */
export const KnowledgeCategory = z.enum(['destination', 'activity', 'hotel', 'restaurant', 'guide']);
export type KnowledgeCategory = z.infer<typeof KnowledgeCategory>;

/** Provenance of a knowledge document (seed comment: official, user_generated, scraped, manual). */
export const KnowledgeSource = z.enum(['official', 'user_generated', 'scraped', 'manual']);
export type KnowledgeSource = z.infer<typeof KnowledgeSource>;

/**
 * A retrievable document (seed `KnowledgeDocument`). `language` is a {@link Language} (the seed's
 * `str = "zh-cn"` holds Language values); quality_score and relevance_score 0..1; popularity_score
 * >= 0 (its scale is open); version >= 1; counts >= 0; source_url http(s); an embedding_vector
 * must be non-empty and name its embedding_model.
 */
export const KnowledgeDocument = z
  .object({
    id: EntityId,
    title: z.string().min(1).max(200),
    content: z.string().min(1),
    category: KnowledgeCategory,
    subcategory: z.string().min(1).nullish(),

    embeddingVector: Vector.min(1).nullish(),
    embeddingModel: z.string().min(1).nullish(),

    locations: z.array(NonEmpty).default(() => []),
    coordinates: Coordinates.nullish(),

    tags: z.array(NonEmpty).default(() => []),
    language: Language.default('zh-cn'),
    source: KnowledgeSource,
    sourceUrl: HttpUrl.nullish(),
    author: z.string().min(1).nullish(),

    qualityScore: UnitScore.default(0),
    popularityScore: z.number().nonnegative().default(0),
    relevanceScore: UnitScore.default(0),

    version: z.number().int().min(1).default(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    lastVerified: IsoDateTime.nullish(),

    viewCount: Count.default(0),
    referenceCount: Count.default(0),
  })
  .superRefine((d, ctx) => {
    const hasVector = d.embeddingVector !== undefined && d.embeddingVector !== null;
    const hasModel = d.embeddingModel !== undefined && d.embeddingModel !== null;
    if (hasVector && !hasModel) {
      ctx.addIssue({
        code: 'custom',
        path: ['embeddingModel'],
        message: 'embedding_model is required when embedding_vector is set',
      });
    }
  });
export type KnowledgeDocument = z.infer<typeof KnowledgeDocument>;

/**
 * A similarity search (seed `VectorSearchQuery`). limit 1..100 (the seed only bounds it above);
 * threshold 0..1; query_text must not be blank unless a query_vector is given. `filters` keys are data.
 */
export const VectorSearchQuery = z
  .object({
    queryText: z.string().max(2000),
    queryVector: Vector.min(1).nullish(),
    filters: JsonObject.default(() => ({})),
    limit: z.number().int().min(1).max(100).default(10),
    threshold: z.number().min(0).max(1).default(0.7),
  })
  .superRefine((q, ctx) => {
    const hasVector = q.queryVector !== undefined && q.queryVector !== null;
    if (typeof q.queryText === 'string' && q.queryText.trim() === '' && !hasVector) {
      ctx.addIssue({
        code: 'custom',
        path: ['queryText'],
        message: 'query_text must not be blank unless query_vector is given',
      });
    }
  });
export type VectorSearchQuery = z.infer<typeof VectorSearchQuery>;

/**
 * One search hit (seed `VectorSearchResult`). similarity_score in [-1, 1] (cosine similarity);
 * rank >= 1; document_id must equal document.id.
 */
export const VectorSearchResult = z
  .object({
    documentId: EntityId,
    document: KnowledgeDocument,
    similarityScore: z.number().min(-1).max(1),
    rank: z.number().int().min(1),
  })
  .superRefine((r, ctx) => {
    if (
      typeof r.documentId === 'string' &&
      typeof r.document?.id === 'string' &&
      r.documentId !== r.document.id
    ) {
      ctx.addIssue({ code: 'custom', path: ['documentId'], message: 'document_id must equal document.id' });
    }
  });
export type VectorSearchResult = z.infer<typeof VectorSearchResult>;

/** A user's embedding vectors (seed `UserVector`). Every vector holds finite numbers only. */
export const UserVector = z.object({
  userId: EntityId,
  preferenceVector: Vector,
  travelHistoryVector: Vector,
  interactionVector: Vector,
  combinedVector: Vector,
  lastUpdated: IsoDateTime,
});
export type UserVector = z.infer<typeof UserVector>;

/** Knowledge-base languages (documents are written in Chinese and English). */
export const KnowledgeLang = z.enum(['zh', 'en']);
export type KnowledgeLang = z.infer<typeof KnowledgeLang>;

/**
 * A knowledge-base search (`GET /v1/knowledge/search`, the `search_knowledge` tool): query text
 * 1..500 characters, optional city id (`paris`), language and category filters, limit 1..20.
 */
export const KnowledgeSearchRequest = z.object({
  query: z.string().trim().min(1).max(500),
  city: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9-]+$/)
    .nullish(),
  lang: KnowledgeLang.nullish(),
  category: KnowledgeCategory.nullish(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type KnowledgeSearchRequest = z.infer<typeof KnowledgeSearchRequest>;

/** One cited passage: the document id to cite, where it comes from and when it was last checked. */
export const KnowledgeSearchResult = z.object({
  docId: EntityId,
  chunkId: z.string().min(1),
  title: z.string().min(1),
  text: z.string().min(1),
  score: z.number(),
  lang: KnowledgeLang,
  city: z.string().nullable(),
  category: z.string().min(1),
  topic: z.string().min(1),
  source: z.string().min(1),
  sourceUrl: z.string().nullable(),
  lastChecked: z.string().min(1),
  /** Editorial facts not verified against the official source. */
  unverified: z.boolean(),
});
export type KnowledgeSearchResult = z.infer<typeof KnowledgeSearchResult>;

/** The answer of a knowledge search; `noAnswer` when nothing in the base covers the query. */
export const KnowledgeSearchResponse = z.object({
  query: z.string(),
  results: z.array(KnowledgeSearchResult),
  noAnswer: z.boolean(),
});
export type KnowledgeSearchResponse = z.infer<typeof KnowledgeSearchResponse>;

/** The query string of `GET /v1/knowledge/search` (wire names): `q`, `city`, `lang`, `category`, `limit`. */
export const KnowledgeSearchQuery = z.object({
  q: z.string().trim().min(1).max(500),
  city: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  lang: KnowledgeLang.optional(),
  category: KnowledgeCategory.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type KnowledgeSearchQuery = z.infer<typeof KnowledgeSearchQuery>;
