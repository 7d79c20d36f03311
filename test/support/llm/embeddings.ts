/**
 * Deterministic embeddings for the scripted LLM server: hashed character n-grams (words and
 * trigrams for Latin text, characters and bigrams for CJK), signed feature hashing, L2-normalised.
 * Texts sharing words get similar vectors, so retrieval tests behave plausibly; the same text
 * always gets the same vector, on every machine.
 */

/** FNV-1a, 32 bit. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

function features(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC').toLowerCase();
  for (const m of normalized.matchAll(/[\p{L}\p{N}]+/gu)) {
    const token = m[0];
    if (CJK.test(token)) {
      const chars = [...token];
      chars.forEach((c, i) => {
        out.push(`c:${c}`);
        if (i + 1 < chars.length) out.push(`b:${c}${chars[i + 1]}`);
      });
    } else {
      out.push(`w:${token}`);
      const padded = `^${token}$`;
      for (let i = 0; i + 3 <= padded.length; i++) out.push(`t:${padded.slice(i, i + 3)}`);
    }
  }
  return out;
}

/** A unit vector of `dimensions` floats for `text` (all zeros for text without letters or digits). */
export function deterministicEmbedding(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const f of features(text)) {
    const h = fnv1a(f);
    const sign = fnv1a(f, 0x9747b28c) & 1 ? 1 : -1;
    v[h % dimensions]! += sign;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  // Float32 precision: what the wire carries in base64 mode too.
  return norm === 0 ? v : v.map((x) => Math.fround(x / norm));
}

/** Float32 little-endian bytes in base64: the `encoding_format: "base64"` wire form. */
export function embeddingToBase64(vector: readonly number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}

/** A rough token count (words and CJK characters), for the usage the server reports. */
export function roughTokenCount(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) {
    n += CJK.test(m[0]) ? [...m[0]].length : Math.max(1, Math.ceil(m[0].length / 4));
  }
  return n;
}
