/**
 * Prompts the MCP server offers its clients (`prompts/list`, `prompts/get`): a user message that
 * sets an MCP client's model to work with the travel tools. Rendered by the prompt engine, so the
 * id, version and language are recorded like every other prompt. Bump `version` on every change.
 */
import type { VersionedPrompt } from '../llm/prompt-engine.js';

/** `plan_trip`: plan a trip from a request in the user's words. */
export const MCP_PLAN_TRIP: VersionedPrompt = {
  id: 'mcp.plan-trip',
  version: 1,
  description: 'MCP prompt plan_trip: plan a whole trip with the travel tools.',
  variables: ['request', 'extra', 'style'],
  text: {
    zh: [
      '请帮我规划这次旅行：{{request}}{{extra}}',
      '',
      '做法：',
      '1. 调用 plan_itinerary 工具，参数 text 为上面的请求（原文）。如果它返回 needs_input，把它给出的问题问我，得到回答后再规划。',
      '2. 得到行程后调用 verify_plan 核验（行程已保存时用 plan_id，否则传入 plan）。',
      '3. 用中文简要介绍：每天的安排、交通、住宿、总费用与预算对比，以及核验发现的问题和建议。',
      '只使用工具返回的价格、时间和地点，不要编造。风格：{{style}}',
    ].join('\n'),
    en: [
      'Please plan this trip for me: {{request}}{{extra}}',
      '',
      'How:',
      '1. Call the plan_itinerary tool with `text` set to the request above, verbatim. If it returns',
      '   needs_input, ask me its questions and plan once I have answered.',
      '2. With the plan, call verify_plan (plan_id when the plan was saved, else the plan itself).',
      '3. Summarise in English: each day, the transport, the stay, the total cost against the',
      '   budget, and anything the verifier found, with a suggestion.',
      'Use only prices, times and places the tools returned; never invent them. Style: {{style}}',
    ].join('\n'),
  },
};

/** `refine_plan`: change a stored plan with edit_plan and check the result. */
export const MCP_REFINE_PLAN: VersionedPrompt = {
  id: 'mcp.refine-plan',
  version: 1,
  description: 'MCP prompt refine_plan: edit a stored plan with the typed edit operations.',
  variables: ['planId', 'change', 'style'],
  text: {
    zh: [
      '请修改我的行程 {{planId}}：{{change}}',
      '',
      '做法：',
      '1. 先用 get_plan 读取行程（记下 version）。',
      '2. 把我的要求转换成 edit_plan 的类型化操作（op 字段：replace_hotel、add_place、remove_place、move_place、adjust_day、change_intercity_mode 等），带上 version 调用；需要多步时逐步调用。',
      '3. 告诉我改了什么（一两句话）、费用前后对比，以及 edit_plan 返回的核验问题。做不到时说明原因并给出替代方案。',
      '风格：{{style}}',
    ].join('\n'),
    en: [
      'Please change my plan {{planId}}: {{change}}',
      '',
      'How:',
      '1. Read the plan with get_plan first (note its version).',
      '2. Turn my request into typed edit_plan operations (the op field: replace_hotel, add_place, remove_place, move_place, adjust_day, change_intercity_mode, ...) and',
      '   call edit_plan with the version; one call per step when it takes several.',
      '3. Tell me what changed in a sentence or two, the cost before and after, and any problem the',
      '   verification in the edit_plan result lists. When it cannot be done, say why and offer an',
      '   alternative.',
      'Style: {{style}}',
    ].join('\n'),
  },
};
