/**
 * Schemas of the knowledge base: the authored files under knowledge/kb/ (guides, entry, events —
 * each document written in Chinese AND English) and the per-language document records the corpus
 * loader produces from them and from the curated destination files.
 *
 * A record carries the seed's KnowledgeDocument fields (agents/schemas/knowledge.ts; validated
 * with that schema) plus the knowledge base's own: the language-independent `groupId`, `lang`,
 * `city`, `country`, `topic`, the source in words, the last-checked date and `unverified`.
 */
import { z } from 'zod';
import { KnowledgeCategory } from '../../agents/schemas/knowledge.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

/** One authored document, both languages side by side. */
export const AuthoredDocument = z.object({
  /** Slug unique within its file, e.g. `getting-around`; the group id is `<file prefix>.<slug>`. */
  slug: z.string().regex(/^[a-z0-9-]+$/),
  topic: z.string().regex(/^[a-z0-9-]+$/),
  category: KnowledgeCategory,
  title: Bilingual,
  body: Bilingual,
  tags: z.array(z.string().min(1)).default(() => []),
  /** Overrides the file's defaults. */
  city: z.string().nullish(),
  country: z.string().length(2).nullish(),
  source: z.string().min(1).nullish(),
  source_url: z.url().nullish(),
  last_checked: Day.nullish(),
  unverified: z.boolean().nullish(),
});
export type AuthoredDocument = z.infer<typeof AuthoredDocument>;

/** An authored file: defaults shared by its documents, then the documents. */
export const AuthoredFile = z.object({
  /** Prefix of every group id in the file, e.g. `paris.guide`. */
  prefix: z.string().regex(/^[a-z0-9.-]+$/),
  city: z.string().nullable(),
  country: z.string().length(2).nullable(),
  source: z.string().min(1),
  source_url: z.url().nullish(),
  last_checked: Day,
  unverified: z.boolean(),
  documents: z.array(AuthoredDocument).min(1),
});
export type AuthoredFile = z.infer<typeof AuthoredFile>;

/** The knowledge-base fields a record has beyond the seed's KnowledgeDocument. */
export const KnowledgeRecordExtras = z.object({
  groupId: z.string().min(1),
  lang: z.enum(['zh', 'en']),
  city: z.string().nullable(),
  country: z.string().nullable(),
  topic: z.string().min(1),
  sourceNote: z.string().min(1),
  lastChecked: Day,
  unverified: z.boolean(),
});
