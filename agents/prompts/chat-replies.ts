/**
 * Reply templates of the chat turn engine (agents/conversation/turn-engine.ts). Offline they are
 * the assistant's words; with an LLM they are the fallback when the model fails or its text does
 * not pass the fact check. Written to read like a travel agent talking, not a form letter. Every
 * rendered reply records the template id and version in the assistant message's metadata.
 * Bump `version` on every change.
 */
import type { VersionedPrompt } from '../llm/prompt-engine.js';

export const CHAT_PLANNING: VersionedPrompt = {
  id: 'chat.planning',
  version: 1,
  variables: ['summary'],
  text: {
    zh: '好的，{{summary}}。我这就去查航班、酒店和景点，稍等片刻……',
    en: 'Great — {{summary}}. Let me check flights, stays and sights; this takes a moment…',
  },
};

export const CHAT_PLAN_READY: VersionedPrompt = {
  id: 'chat.plan-ready',
  version: 1,
  variables: ['narration'],
  text: {
    zh: '\n\n行程排好了：\n{{narration}}\n\n想调整的话直接告诉我，比如“换一个便宜点的酒店”“第二天轻松一点”或“我们想坐火车”。',
    en: '\n\nHere is your plan:\n{{narration}}\n\nTell me what to change — for example "a cheaper hotel", "make day 2 more relaxed" or "we\'d rather take the train".',
  },
};

export const CHAT_PLAN_FAILED: VersionedPrompt = {
  id: 'chat.plan-failed',
  version: 1,
  variables: ['reason'],
  text: {
    zh: '\n\n这个行程排不出来：{{reason}} 可以换个日期、目的地或放宽一下条件，我再试试。',
    en: "\n\nI couldn't make that trip work: {{reason}} Try other dates, another destination or looser limits and I'll plan again.",
  },
};

export const CHAT_EDIT_APPLIED: VersionedPrompt = {
  id: 'chat.edit-applied',
  version: 1,
  variables: ['summary', 'version'],
  text: {
    zh: '改好了：{{summary}}（行程第{{version}}版，说“撤销”可以改回去。）',
    en: 'Done: {{summary}} (Plan version {{version}}; say "undo" to go back.)',
  },
};

export const CHAT_EDIT_REJECTED: VersionedPrompt = {
  id: 'chat.edit-rejected',
  version: 1,
  variables: ['constraint', 'options'],
  text: {
    zh: '这个改不了：{{constraint}}。{{options}}',
    en: "I can't make that change: {{constraint}}. {{options}}",
  },
};

export const CHAT_UNDO: VersionedPrompt = {
  id: 'chat.undo',
  version: 1,
  variables: ['version', 'restored'],
  text: {
    zh: '已撤销上一次修改，行程回到第{{restored}}版的内容（现为第{{version}}版）。',
    en: 'Undone: the plan is back to what version {{restored}} had (now version {{version}}).',
  },
};

export const CHAT_NOTHING_TO_UNDO: VersionedPrompt = {
  id: 'chat.nothing-to-undo',
  version: 1,
  variables: [],
  text: {
    zh: '现在没有可以撤销的修改。',
    en: 'There is no change to undo yet.',
  },
};

export const CHAT_NO_PLAN_TO_EDIT: VersionedPrompt = {
  id: 'chat.no-plan',
  version: 1,
  variables: [],
  text: {
    zh: '我们还没有排好行程，先告诉我想去哪里、玩几天吧。',
    en: "We don't have a plan yet — tell me where you'd like to go and for how long first.",
  },
};

export const CHAT_DECLINE: VersionedPrompt = {
  id: 'chat.decline',
  version: 1,
  variables: [],
  text: {
    zh: '这个我帮不上忙——我是旅行规划助手，只能帮你安排行程。想去哪里玩？告诉我目的地和天数，我来规划。',
    en: "I can't help with that — I'm a travel-planning assistant. Where would you like to go? Tell me a destination and how long, and I'll plan it.",
  },
};

export const CHAT_EMPTY: VersionedPrompt = {
  id: 'chat.empty',
  version: 1,
  variables: [],
  text: {
    zh: '我没看到具体内容。想去哪里、玩几天、几个人？随便说说，我来帮你安排。',
    en: "I didn't catch a request there. Where would you like to go, for how long, and with how many people?",
  },
};

export const CHAT_DID_NOT_UNDERSTAND: VersionedPrompt = {
  id: 'chat.not-understood',
  version: 1,
  variables: [],
  text: {
    zh: '我没太明白要怎么改。可以说“换一个便宜点的酒店”“第二天加上外滩”“第三天轻松一点”“晚一天出发”，或者问我天气、开放时间、怎么从机场去市区。',
    en: 'I\'m not sure what to change. You can say "a cheaper hotel", "add the Bund on day 2", "make day 3 lighter", "leave a day later", or ask about the weather, opening hours or getting from the airport.',
  },
};

export const CHAT_LLM_FALLBACK: VersionedPrompt = {
  id: 'chat.llm-fallback',
  version: 1,
  variables: [],
  text: {
    zh: '（语言模型暂时没有响应，以下由离线助手完成回答。）',
    en: '(The language model did not respond in time; the offline assistant finished this reply.)',
  },
};

export const CHAT_TOOL_FAILED: VersionedPrompt = {
  id: 'chat.tool-failed',
  version: 1,
  variables: ['what'],
  text: {
    zh: '抱歉，{{what}}这一步没能完成，请稍后再试。',
    en: "Sorry, I couldn't {{what}} just now; please try again in a moment.",
  },
};

/** The chat reply templates, registered in the prompt catalog. */
export const CHAT_REPLY_PROMPTS: readonly VersionedPrompt[] = [
  CHAT_PLANNING,
  CHAT_PLAN_READY,
  CHAT_PLAN_FAILED,
  CHAT_EDIT_APPLIED,
  CHAT_EDIT_REJECTED,
  CHAT_UNDO,
  CHAT_NOTHING_TO_UNDO,
  CHAT_NO_PLAN_TO_EDIT,
  CHAT_DECLINE,
  CHAT_EMPTY,
  CHAT_DID_NOT_UNDERSTAND,
  CHAT_LLM_FALLBACK,
  CHAT_TOOL_FAILED,
];
