/**
 * The prompt engine: versioned prompt templates (one id, one version, a Chinese and an English
 * text, declared variables, optional A/B variants) rendered with variables, with the template id,
 * version, language and variant returned alongside every rendered text so the caller records them
 * in `Message.metadata` (see {@link promptMetadata}).
 *
 * - Rendering a template with a declared variable missing throws (a prompt with a hole is a bug);
 *   so does a text using a placeholder it does not declare.
 * - A/B variants are assigned deterministically per user: FNV-1a of `userId + ':' + templateId`
 *   modulo the number of variants (sorted by name), so a user always sees the same variant of a
 *   template and different templates are split independently. Without a user id: the first variant.
 * - Style follows the user's profile ({@link UserPreferences}): the language (`zh-cn` -> zh, else
 *   en unless the caller passes one) and `travelStyle` -> a tone and verbosity hint, available to
 *   templates as the `{{style}}` variable (filled by the engine unless the caller sets it).
 *
 * The templates themselves live in agents/prompts/ (see agents/prompts/catalog.ts).
 */
import type { JsonObject } from '../schemas/common.js';
import type { UserPreferences } from '../schemas/user.js';
import type { PromptRef, PromptTemplate } from './prompt-template.js';
import { renderTemplate } from './prompt-template.js';

export type PromptLang = 'zh' | 'en';

/** One text per language. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** A versioned template, as stored in agents/prompts/. */
export interface VersionedPrompt {
  /** Stable id, e.g. `request-understanding.system`. */
  id: string;
  /** Bumped on every change of any text or variant. */
  version: number;
  description?: string;
  /** Every `{{name}}` the texts use. */
  variables: readonly string[];
  /** The text (variant `A` when there are no variants). */
  text: LocalizedText;
  /** Alternative texts for A/B tests, by variant name (`B`, `C`, ...); `A` is `text`. */
  variants?: Readonly<Record<string, LocalizedText>>;
}

/** What a call records: template, version, language and the A/B variant served. */
export interface PromptCallRef extends PromptRef {
  variant: string;
}

export interface RenderedPrompt {
  text: string;
  ref: PromptCallRef;
}

/** Who the prompt is for: drives the variant, the language and the style. */
export interface PromptAudience {
  userId?: string;
  preferences?: Partial<Pick<UserPreferences, 'language' | 'travelStyle'>>;
  /** Overrides the profile's language (e.g. the language the user just wrote in). */
  lang?: PromptLang;
}

/** FNV-1a, 32 bit: small, stable across runs and machines. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Variant names of a template, `A` first then the others sorted. */
export function variantNames(prompt: VersionedPrompt): string[] {
  return [
    'A',
    ...Object.keys(prompt.variants ?? {})
      .filter((v) => v !== 'A')
      .sort(),
  ];
}

/** The variant a user gets for a template (deterministic; `A` without a user). */
export function assignVariant(prompt: VersionedPrompt, userId: string | undefined): string {
  const names = variantNames(prompt);
  if (userId === undefined || userId === '' || names.length === 1) return 'A';
  return names[fnv1a(`${userId}:${prompt.id}`) % names.length]!;
}

/** The user's language: explicit, else from the profile (`zh-cn` -> zh, anything else -> en). */
export function languageOf(audience: PromptAudience = {}): PromptLang {
  if (audience.lang) return audience.lang;
  const pref = audience.preferences?.language;
  if (pref === undefined) return 'zh';
  return pref === 'zh-cn' ? 'zh' : 'en';
}

const STYLE: Record<string, LocalizedText> = {
  family: {
    zh: '语气亲切耐心，适度详细；优先考虑老人和孩子的舒适与安全。',
    en: 'Warm and patient, moderately detailed; put the comfort and safety of children and elders first.',
  },
  couple: {
    zh: '语气温和轻松，适度详细；可以突出氛围好的去处。',
    en: 'Relaxed and warm, moderately detailed; feel free to highlight places with atmosphere.',
  },
  business: {
    zh: '语气专业、简洁，只说要点；重视时间效率。',
    en: 'Professional and brief: key points only; value time efficiency.',
  },
  solo: {
    zh: '语气友好直接，简洁；注意独自出行的便利与安全。',
    en: 'Friendly and direct, concise; mind the convenience and safety of travelling alone.',
  },
  group: {
    zh: '语气清晰有条理，适度详细；注意多人出行的协调。',
    en: 'Clear and organised, moderately detailed; mind the logistics of a group.',
  },
  adventure: {
    zh: '语气积极有活力，简洁；可以突出户外与特色体验。',
    en: 'Energetic and upbeat, concise; feel free to highlight outdoor and unusual experiences.',
  },
  luxury: {
    zh: '语气得体考究，适度详细；重视品质与服务。',
    en: 'Polished and courteous, moderately detailed; value quality and service.',
  },
  budget: {
    zh: '语气务实，简洁；重视性价比，提到费用时要具体。',
    en: 'Practical and concise; value for money, and be specific about costs.',
  },
};

/** Tone and verbosity hint for the user's travel style (family when unknown). */
export function styleHint(audience: PromptAudience = {}): string {
  const lang = languageOf(audience);
  const style = STYLE[audience.preferences?.travelStyle ?? 'family'] ?? STYLE['family']!;
  return style[lang];
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/** Checks a template: placeholders of every text are declared. Throws on a mismatch. */
export function validatePrompt(prompt: VersionedPrompt): void {
  const declared = new Set(prompt.variables);
  const texts: [string, string][] = [];
  for (const name of variantNames(prompt)) {
    const t = name === 'A' ? prompt.text : prompt.variants![name]!;
    texts.push([`${name}.zh`, t.zh], [`${name}.en`, t.en]);
  }
  for (const [where, text] of texts) {
    for (const m of text.matchAll(PLACEHOLDER)) {
      if (!declared.has(m[1]!)) {
        throw new Error(`prompt ${prompt.id}@${prompt.version} (${where}): undeclared variable {{${m[1]}}}`);
      }
    }
  }
}

export type PromptVars = Record<string, string | number>;

/** A set of templates, rendered for an audience. */
export class PromptEngine {
  private readonly prompts = new Map<string, VersionedPrompt>();

  constructor(prompts: Iterable<VersionedPrompt> = []) {
    for (const p of prompts) this.register(p);
  }

  register(prompt: VersionedPrompt): this {
    if (this.prompts.has(prompt.id)) throw new Error(`prompt already registered: ${prompt.id}`);
    validatePrompt(prompt);
    this.prompts.set(prompt.id, prompt);
    return this;
  }

  get(id: string): VersionedPrompt {
    const p = this.prompts.get(id);
    if (!p) throw new Error(`unknown prompt: ${id}`);
    return p;
  }

  list(): VersionedPrompt[] {
    return [...this.prompts.values()];
  }

  /** The {@link PromptTemplate} (id, version, language, text) this audience gets for `id`. */
  template(id: string, audience: PromptAudience = {}): { template: PromptTemplate; variant: string } {
    const prompt = this.get(id);
    const variant = assignVariant(prompt, audience.userId);
    const texts = variant === 'A' ? prompt.text : prompt.variants![variant]!;
    const lang = languageOf(audience);
    return { template: { id: prompt.id, version: prompt.version, lang, text: texts[lang] }, variant };
  }

  /**
   * Renders `id` for the audience. Every declared variable must be given (`style` is filled from
   * the profile when the template declares it and the caller does not); a missing one throws.
   */
  render(id: string, vars: PromptVars = {}, audience: PromptAudience = {}): RenderedPrompt {
    const prompt = this.get(id);
    const { template, variant } = this.template(id, audience);
    const all: PromptVars = { ...vars };
    if (prompt.variables.includes('style') && all['style'] === undefined) all['style'] = styleHint(audience);
    for (const name of prompt.variables) {
      if (all[name] === undefined)
        throw new Error(`prompt ${id}@${prompt.version}: no value for {{${name}}}`);
    }
    const text = renderTemplate(template, all);
    return { text, ref: { id: template.id, version: template.version, lang: template.lang, variant } };
  }
}

/** `Message.metadata` entries for the prompts used in a call: `{ prompts: [{id, version, lang, variant}] }`. */
export function promptMetadata(refs: readonly PromptCallRef[]): JsonObject {
  return { prompts: refs.map((r) => ({ id: r.id, version: r.version, lang: r.lang, variant: r.variant })) };
}
