/**
 * Follow-up questions of multi-turn slot filling (agents/conversation/slot-filling.ts): one short
 * question per missing slot, in the user's language. Offline they are the reply itself; with an
 * LLM they can be used verbatim too (no model call is needed to ask for a city). Variant B of the
 * destination question is an A/B alternative. Bump `version` on every change.
 */
import type { VersionedPrompt } from '../llm/prompt-engine.js';

export const FOLLOW_UP_DESTINATION: VersionedPrompt = {
  id: 'follow-up.destination',
  version: 1,
  variables: [],
  text: { zh: '您想去哪个城市？', en: 'Which city would you like to visit?' },
  variants: {
    B: { zh: '这次旅行的目的地是哪里？', en: 'Where would you like to go on this trip?' },
  },
};

export const FOLLOW_UP_DATES: VersionedPrompt = {
  id: 'follow-up.dates',
  version: 1,
  variables: ['destination'],
  text: {
    zh: '去{{destination}}打算玩几天？哪天出发？',
    en: 'How many days will you spend in {{destination}}, and when do you leave?',
  },
};

export const FOLLOW_UP_DAYS: VersionedPrompt = {
  id: 'follow-up.days',
  version: 1,
  variables: ['destination'],
  text: { zh: '去{{destination}}打算玩几天？', en: 'How many days will you spend in {{destination}}?' },
};

export const FOLLOW_UP_ORIGIN: VersionedPrompt = {
  id: 'follow-up.origin',
  version: 1,
  variables: [],
  text: { zh: '您从哪个城市出发？', en: 'Which city will you leave from?' },
};

export const FOLLOW_UP_TRAVELERS: VersionedPrompt = {
  id: 'follow-up.travelers',
  version: 1,
  variables: [],
  text: { zh: '一共几位出行？有小孩吗？', en: 'How many people are travelling, and any children?' },
};

export const FOLLOW_UP_BUDGET: VersionedPrompt = {
  id: 'follow-up.budget',
  version: 1,
  variables: [],
  text: {
    zh: '预算大概多少？（可以回答“不限”）',
    en: 'What is your budget? (You can say "no limit".)',
  },
};

export const FOLLOW_UP_READY: VersionedPrompt = {
  id: 'follow-up.ready',
  version: 1,
  variables: ['summary'],
  text: {
    zh: '好的，已了解：{{summary}}。马上为您规划行程。',
    en: 'Got it: {{summary}}. Planning your trip now.',
  },
};
