/**
 * Versioned prompt templates: text with `{{name}}` placeholders, an id and a version that callers
 * record with every call, so a reply can be traced to the exact prompt that produced it.
 * The templates themselves live in agents/prompts/.
 */

export interface PromptTemplate {
  /** Stable id, e.g. `narration.system`. */
  id: string;
  /** Bumped on every change of `text`. */
  version: number;
  lang: 'zh' | 'en';
  text: string;
}

/** What is recorded with a call: which template, which version. */
export interface PromptRef {
  id: string;
  version: number;
  lang: 'zh' | 'en';
}

export function promptRef(t: PromptTemplate): PromptRef {
  return { id: t.id, version: t.version, lang: t.lang };
}

/**
 * Fills `{{name}}` placeholders. A placeholder without a value throws: a prompt with a hole is a
 * bug, not something to send.
 */
export function renderTemplate(t: PromptTemplate, vars: Record<string, string | number>): string {
  return t.text.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`prompt ${t.id}@${t.version}: no value for {{${name}}}`);
    return String(value);
  });
}
