/**
 * The jieba adapter of the {@link Segmenter} port (`@node-rs/jieba`, native, no network).
 *
 * Building it loads jieba's default dictionary (about 0.5 s, once per process): construct one at
 * start-up and hand it to every `parseTripText` call. The parser module itself does not import
 * this file, so it loads fast and works without segmentation.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from './text.js';

/** A jieba segmenter; `extraWords` (e.g. the gazetteer's Chinese names) are added as place names. */
export function createJiebaSegmenter(extraWords: Iterable<string> = []): Segmenter {
  const jieba = Jieba.withDict(dict);
  const lines: string[] = [];
  for (const w of extraWords) if (w && !/\s/.test(w)) lines.push(`${w} 1000 ns`);
  if (lines.length > 0) jieba.loadDict(Buffer.from(lines.join('\n'), 'utf8'));
  return { cut: (text: string) => jieba.cut(text, false) };
}
