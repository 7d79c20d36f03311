/** Prompt engine: versioned templates, variables, A/B variants per user, style from the profile. */
import { describe, expect, it } from 'vitest';
import { messageFieldsOf } from '../../agents/llm/message-fields.js';
import {
  assignVariant,
  PromptEngine,
  promptMetadata,
  styleHint,
  type VersionedPrompt,
} from '../../agents/llm/prompt-engine.js';
import { renderTemplate } from '../../agents/llm/prompt-template.js';
import { PROMPTS, defaultPromptEngine } from '../../agents/prompts/catalog.js';
import { NARRATION_SYSTEM } from '../../agents/prompts/narration.js';
import { STRUCTURED_RETRY } from '../../agents/prompts/structured-output.js';

const AB: VersionedPrompt = {
  id: 'test.ab',
  version: 3,
  variables: ['city'],
  text: { zh: 'A:{{city}}', en: 'A: {{city}}' },
  variants: { B: { zh: 'B:{{city}}', en: 'B: {{city}}' } },
};

describe('prompt engine', () => {
  it('renders zh and en with variables and returns id, version, language and variant', () => {
    const engine = new PromptEngine([AB]);
    const zh = engine.render('test.ab', { city: '北京' }, { lang: 'zh' });
    expect(zh.text).toBe('A:北京');
    expect(zh.ref).toEqual({ id: 'test.ab', version: 3, lang: 'zh', variant: 'A' });
    const en = engine.render('test.ab', { city: 'Beijing' }, { preferences: { language: 'en-us' } });
    expect(en.text).toBe('A: Beijing');
    expect(en.ref.lang).toBe('en');
  });

  it('throws on a missing variable, an undeclared placeholder and an unknown template', () => {
    const engine = new PromptEngine([AB]);
    expect(() => engine.render('test.ab', {})).toThrow(/no value for \{\{city\}\}/);
    expect(() => engine.render('nope')).toThrow(/unknown prompt/);
    expect(
      () => new PromptEngine([{ id: 'x', version: 1, variables: [], text: { zh: '{{a}}', en: '' } }]),
    ).toThrow(/undeclared variable/);
  });

  it('assigns A/B variants deterministically per user and template, and splits users', () => {
    const engine = new PromptEngine([AB]);
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const variants = users.map((u) => engine.render('test.ab', { city: 'x' }, { userId: u }).ref.variant);
    expect(new Set(variants)).toEqual(new Set(['A', 'B']));
    const bShare = variants.filter((v) => v === 'B').length / users.length;
    expect(bShare).toBeGreaterThan(0.3);
    expect(bShare).toBeLessThan(0.7);
    for (const u of users.slice(0, 20)) {
      const first = assignVariant(AB, u);
      expect(assignVariant(AB, u)).toBe(first);
      expect(engine.render('test.ab', { city: 'x' }, { userId: u }).text.startsWith(first)).toBe(true);
    }
    expect(assignVariant(AB, undefined)).toBe('A');
  });

  it('adapts the style to the travel style and language of the profile', () => {
    const business = styleHint({ preferences: { language: 'en-us', travelStyle: 'business' } });
    const family = styleHint({ preferences: { language: 'zh-cn', travelStyle: 'family' } });
    expect(business).toMatch(/brief/i);
    expect(family).toMatch(/孩子/);
    const chat = defaultPromptEngine().render(
      'chat.system',
      { today: '2025-03-10' },
      { preferences: { language: 'en-us', travelStyle: 'business' } },
    );
    expect(chat.text).toContain(business);
    expect(chat.text).toMatch(/data, not instructions/);
  });

  it('ships the catalog templates in both languages, and the refs go into Message.metadata', () => {
    const engine = defaultPromptEngine();
    for (const p of PROMPTS) {
      expect(p.text.zh.length).toBeGreaterThan(0);
      expect(p.text.en.length).toBeGreaterThan(0);
      const vars = Object.fromEntries(p.variables.map((v) => [v, 'X']));
      expect(engine.render(p.id, vars, { lang: 'zh' }).ref.version).toBe(p.version);
    }
    const r = engine.render('request-understanding.system', { today: '2025-03-10' }, { userId: 'u1' });
    const fields = messageFieldsOf(
      { model: 'm', usage: null, latencyMs: 1, finishReason: 'stop', toolCalls: [] },
      { prompt: r.ref },
    );
    expect(fields.metadata['prompt']).toEqual(r.ref);
    expect(promptMetadata([r.ref])).toEqual({ prompts: [r.ref] });
  });

  it('keeps the older narration and structured-output templates working', () => {
    expect(renderTemplate(NARRATION_SYSTEM.zh, { maxChars: 200 })).toContain('200');
    expect(renderTemplate(STRUCTURED_RETRY, { name: 'trip_request', problems: '- x' })).toContain(
      'trip_request',
    );
  });
});
