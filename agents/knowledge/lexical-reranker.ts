/**
 * Query analysis for retrieval and the offline reranker.
 *
 * A query becomes CONCEPTS: each of its own terms, with the terms a bridge pair adds (translations
 * and synonyms) merged into the concept of the own terms that pair matched, and Chinese n-grams
 * merged into the word they come from. A concept weighs the IDF of its rarest own term. Coverage
 * of a text = weight of the concepts it contains (any of their terms) / total weight, so an English
 * document fully answering a Chinese query covers it as well as a Chinese one.
 *
 * The lexical reranker (used when no cross-encoder `/rerank`, e.g. bge-reranker-v2-m3, is
 * configured) scores (query, candidate) pairs from coverage of the whole candidate and of its
 * title, adjacent-term phrase matches, and the first-stage score.
 */
import type { RerankCandidate, Reranker, TermStatistics } from '../ports/knowledge-base.js';
import { bm25Idf, termIndex, type TextAnalyzer } from './analyzer.js';
import type { MatchedPlace, TermBridge } from './term-bridge.js';

/** Weight of a bridged (translated) term in the sparse query. */
export const BRIDGE_WEIGHT = 0.7;
/** Feature weights (sum 1). */
const W = { coverage: 0.5, title: 0.2, phrase: 0.15, first: 0.15 };

export interface QueryConcept {
  terms: string[];
  weight: number;
}

export interface AnalysedQuery {
  /** The query's own terms, in order. */
  own: string[];
  /** Terms of the sparse query with their weights (own 1, bridged {@link BRIDGE_WEIGHT}). */
  sparse: { term: string; weight: number }[];
  concepts: QueryConcept[];
  /** Places the query names (through the bridge's place pairs). */
  places: MatchedPlace[];
}

export function analyseQuery(
  query: string,
  analyzer: TextAnalyzer,
  bridge: TermBridge | undefined,
  stats: TermStatistics,
): AnalysedQuery {
  const own = analyzer.queryTerms(query);
  const idf = (t: string) => bm25Idf(stats.total, stats.documentFrequency(termIndex(t)));
  // Union-find over own terms: n-grams join their word, bridge groups join their own terms.
  const parent = new Map<string, string>(own.map((t) => [t, t]));
  const find = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(t, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const han = own.filter((t) => /\p{Script=Han}/u.test(t)).sort((a, b) => b.length - a.length);
  for (let i = 0; i < han.length; i++) {
    for (let j = i + 1; j < han.length; j++) if (han[i]!.includes(han[j]!)) union(han[i]!, han[j]!);
  }
  const expansion = bridge?.expand(query);
  const addedByRoot = new Map<string, Set<string>>();
  const orphanAdded: string[] = [];
  for (const g of expansion?.groups ?? []) {
    if (g.own.length === 0) {
      orphanAdded.push(...g.added);
      continue;
    }
    for (const t of g.own.slice(1)) union(g.own[0]!, t);
    const root = find(g.own[0]!);
    const set = addedByRoot.get(root) ?? new Set<string>();
    for (const t of g.added) set.add(t);
    addedByRoot.set(root, set);
  }
  const members = new Map<string, string[]>();
  for (const t of own) {
    const r = find(t);
    members.set(r, [...(members.get(r) ?? []), t]);
  }
  const concepts: QueryConcept[] = [];
  for (const [root, terms] of members) {
    const added = addedByRoot.get(find(root)) ?? new Set<string>();
    concepts.push({ terms: [...terms, ...added], weight: Math.max(...terms.map(idf)) });
  }
  const sparse = own.map((term) => ({ term, weight: 1 }));
  const ownSet = new Set(own);
  for (const t of [...(expansion?.terms ?? []), ...orphanAdded]) {
    if (!ownSet.has(t)) sparse.push({ term: t, weight: BRIDGE_WEIGHT });
  }
  return { own, sparse, concepts, places: expansion?.places ?? [] };
}

/** Weighted share of the query's concepts found in a bag of terms, 0..1. */
export function coverage(q: AnalysedQuery, bag: ReadonlySet<string>): number {
  let total = 0;
  let hit = 0;
  for (const c of q.concepts) {
    total += c.weight;
    if (c.terms.some((t) => bag.has(t))) hit += c.weight;
  }
  return total > 0 ? hit / total : 0;
}

/** Terms of a candidate: title terms and all terms. */
export interface CandidateTerms {
  title: ReadonlySet<string>;
  all: ReadonlySet<string>;
  /** Title then text, in order (for phrase matches). */
  sequence: readonly string[];
}

export function candidateTerms(analyzer: TextAnalyzer, title: string, text: string): CandidateTerms {
  const t = analyzer.terms(title);
  const x = analyzer.terms(text);
  return { title: new Set(t), all: new Set([...t, ...x]), sequence: [...t, '\u0000', ...x] };
}

/** The lexical cross-feature score of one candidate, 0..1. */
export function lexicalScore(
  q: AnalysedQuery,
  c: CandidateTerms,
  firstStage: number,
  maxFirstStage: number,
): number {
  const cov = coverage(q, c.all);
  const titleCov = coverage(q, c.title);
  let phrase = 0;
  if (q.own.length > 1) {
    const pairs = new Set<string>();
    for (let i = 0; i + 1 < c.sequence.length; i++) pairs.add(`${c.sequence[i]} ${c.sequence[i + 1]}`);
    let hits = 0;
    for (let i = 0; i + 1 < q.own.length; i++) if (pairs.has(`${q.own[i]} ${q.own[i + 1]}`)) hits++;
    phrase = hits / (q.own.length - 1);
  }
  return (
    W.coverage * cov +
    W.title * titleCov +
    W.phrase * phrase +
    W.first * (firstStage / Math.max(maxFirstStage, 1e-9))
  );
}

/** The offline reranker behind the {@link Reranker} port. */
export class LexicalReranker implements Reranker {
  readonly name = 'lexical';

  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly bridge: TermBridge | undefined,
    private readonly stats: () => Promise<TermStatistics>,
  ) {}

  async rerank(query: string, candidates: readonly RerankCandidate[]): Promise<number[]> {
    const q = analyseQuery(query, this.analyzer, this.bridge, await this.stats());
    const max = Math.max(0, ...candidates.map((c) => c.score));
    return candidates.map((c) =>
      lexicalScore(q, candidateTerms(this.analyzer, c.title, c.text), c.score, max),
    );
  }
}
