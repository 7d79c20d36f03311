/**
 * Retrieval metrics over the labelled question set (test/bench/rag/questions.json), shared by the
 * benchmark and its test. Relevance is by document group (a document counts in either language);
 * the retriever returns one hit per group.
 *
 * - recall@5: |relevant ∩ top 5| / min(|relevant|, 5)
 * - MRR@10: 1 / rank of the first relevant hit in the top 10 (0 when none)
 * - nDCG@10: binary gains, ideal DCG over min(|relevant|, 10) hits
 * - no-answer precision: of the questions the retriever answered "nothing in the base", the share
 *   that truly have no answer; no-answer recall: of the questions without an answer, the share it
 *   abstained on.
 */
import { readFileSync } from 'node:fs';
import type { KnowledgeRetriever } from '../../../agents/knowledge/retrieval.js';
import type { KnowledgeLanguage } from '../../../agents/ports/knowledge-base.js';

export interface LabelledQuestion {
  id: string;
  lang: KnowledgeLanguage;
  query: string;
  city: string | null;
  filter_lang: KnowledgeLanguage | null;
  relevant: string[];
}

export function loadQuestions(): LabelledQuestion[] {
  const raw = JSON.parse(readFileSync(new URL('./questions.json', import.meta.url), 'utf8')) as {
    questions: LabelledQuestion[];
  };
  return raw.questions;
}

export interface Scores {
  questions: number;
  recallAt5: number;
  mrrAt10: number;
  ndcgAt10: number;
}

export interface Evaluation {
  overall: Scores;
  byLanguage: Record<KnowledgeLanguage, Scores>;
  crossLanguage: Scores;
  noAnswer: { precision: number; recall: number; abstained: number; unanswerable: number };
  /** Answerable questions whose relevant documents never reached the top 5. */
  misses: { id: string; query: string; top: string[] }[];
  latenciesMs: number[];
}

interface PerQuestion {
  q: LabelledQuestion;
  recall: number;
  rr: number;
  ndcg: number;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}

function summarise(rows: PerQuestion[]): Scores {
  return {
    questions: rows.length,
    recallAt5: round(mean(rows.map((r) => r.recall))),
    mrrAt10: round(mean(rows.map((r) => r.rr))),
    ndcgAt10: round(mean(rows.map((r) => r.ndcg))),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export async function evaluate(
  retriever: KnowledgeRetriever,
  questions: LabelledQuestion[],
): Promise<Evaluation> {
  const rows: PerQuestion[] = [];
  const misses: Evaluation['misses'] = [];
  const latenciesMs: number[] = [];
  let abstained = 0;
  let abstainedCorrect = 0;
  const unanswerable = questions.filter((q) => q.relevant.length === 0).length;
  for (const q of questions) {
    const t0 = performance.now();
    const answer = await retriever.search({
      query: q.query,
      city: q.city ?? undefined,
      lang: q.filter_lang ?? undefined,
      limit: 10,
    });
    latenciesMs.push(performance.now() - t0);
    if (answer.noAnswer) {
      abstained++;
      if (q.relevant.length === 0) abstainedCorrect++;
    }
    if (q.relevant.length === 0) continue;
    const ranked = answer.hits.map((h) => h.groupId);
    const rel = new Set(q.relevant);
    const top5 = ranked.slice(0, 5).filter((g) => rel.has(g)).length;
    const first = ranked.slice(0, 10).findIndex((g) => rel.has(g));
    let dcg = 0;
    ranked.slice(0, 10).forEach((g, i) => {
      if (rel.has(g)) dcg += 1 / Math.log2(i + 2);
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(rel.size, 10); i++) idcg += 1 / Math.log2(i + 2);
    const row = {
      q,
      recall: top5 / Math.min(rel.size, 5),
      rr: first >= 0 ? 1 / (first + 1) : 0,
      ndcg: dcg / idcg,
    };
    rows.push(row);
    if (top5 === 0) misses.push({ id: q.id, query: q.query, top: ranked.slice(0, 3) });
  }
  return {
    overall: summarise(rows),
    byLanguage: {
      zh: summarise(rows.filter((r) => r.q.lang === 'zh')),
      en: summarise(rows.filter((r) => r.q.lang === 'en')),
    },
    crossLanguage: summarise(rows.filter((r) => r.q.filter_lang !== null && r.q.filter_lang !== r.q.lang)),
    noAnswer: {
      precision: abstained === 0 ? 0 : round(abstainedCorrect / abstained),
      recall: unanswerable === 0 ? 0 : round(abstainedCorrect / unanswerable),
      abstained,
      unanswerable,
    },
    misses,
    latenciesMs,
  };
}
