/**
 * The travel MCP server (Model Context Protocol, SDK 1.32): the shared travel tools of
 * agents/tools/ (the very definitions the chat agent's LLM calls), resources and prompts, for any
 * MCP client. Transport-independent: stdio (local/mcp-stdio.ts), Streamable HTTP with sessions on
 * the local stack (functions/mcp/http.ts) and stateless in Lambda (functions/mcp/handler.ts) all
 * connect a server made here.
 *
 * One server instance serves one caller: `userId` is bound when it is created (the HTTP layers
 * authenticate every request and check it is the session's user), so user-scoped tools and
 * resources only ever see that user's data.
 *
 * Tools: `tools/list` advertises each tool's wire-form (snake_case) input JSON Schema, its output
 * schema and annotations; `tools/call` goes through the registry's dispatcher, so bad arguments
 * give `isError: true` with field-level details and a failing provider gives an error result,
 * never a crash. A result carries `structuredContent` (matching the output schema), a readable
 * summary and the serialised JSON as text content.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { LocalizedText } from '../../agents/errors.js';
import type { PromptLang } from '../../agents/llm/prompt-engine.js';
import {
  inputJsonSchema,
  outputJsonSchema,
  resultPayload,
  type ToolError,
  type ToolRegistry,
} from '../../agents/llm/tools.js';
import type { DestinationProfile, Providers } from '../../agents/ports/providers.js';
import type { PlanRepository, UserRepository } from '../../agents/ports/repositories.js';
import { defaultPromptEngine } from '../../agents/prompts/catalog.js';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { UserPreferences } from '../../agents/schemas/user.js';
import { toWire } from '../../agents/schemas/wire.js';

/** Name and version the server announces in `initialize`. */
export const MCP_SERVER_INFO = { name: 'ai-travel-planner', version: '0.1.0' } as const;

export interface TravelMcpDeps {
  /** The shared travel tool registry (agents/tools/travel-tools.ts). */
  tools: ToolRegistry;
  providers: Providers;
  plans?: PlanRepository | undefined;
  users?: UserRepository | undefined;
  /** The authenticated caller; absent, user-scoped tools and resources answer with a clear error. */
  userId?: string | undefined;
  /** Language of summaries and errors when a call names none (default zh). */
  lang?: PromptLang | undefined;
  /** Why user-scoped things are unavailable here, and how to enable them (e.g. stdio env vars). */
  unavailableHint?: LocalizedText | undefined;
  /** Called with a tool's internal failure (for the logs; never sent to the client). */
  onToolFailure?: ((tool: string, cause: unknown) => void) | undefined;
}

const say = (lang: PromptLang, zh: string, en: string) => (lang === 'zh' ? zh : en);

function errorText(error: ToolError, lang: PromptLang): string {
  const lines = [error.message];
  for (const d of error.details ?? []) lines.push(`- ${d.field}: ${d.message}`);
  if ((error.details ?? []).length === 0) for (const i of error.issues ?? []) lines.push(`- ${i}`);
  if (error.code === 'INVALID_ARGUMENTS') {
    lines.push(say(lang, '请按工具的输入格式修正上述字段后重试。', 'Fix the fields above and call again.'));
  }
  return lines.join('\n');
}

/** The MCP `Tool` entries of the registry (schemas readable by draft-07 and 2020-12 validators). */
export function mcpToolList(tools: ToolRegistry): Tool[] {
  return tools.list().map((t) => {
    const output = outputJsonSchema(t, 'mcp');
    const entry: Tool = {
      name: t.name,
      description: t.description,
      inputSchema: inputJsonSchema(t, 'mcp') as Tool['inputSchema'],
      annotations: { ...(t.title ? { title: t.title } : {}), ...t.annotations },
    };
    if (t.title) entry.title = t.title;
    if (output) entry.outputSchema = output as Tool['outputSchema'];
    return entry;
  });
}

function json(uri: string, value: unknown) {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] };
}

function destinationSummary(p: DestinationProfile) {
  return {
    id: p.city.id,
    uri: `travel://destinations/${encodeURIComponent(p.city.id)}`,
    name: p.city.nameZh ?? p.city.name,
    name_en: p.city.nameEn,
    country: p.city.country,
    best_seasons: p.bestSeasons,
    styles: p.styles,
    daily_cost_per_person: p.dailyCostPerPerson,
    currency: p.currency,
    highlights: p.highlights,
    summary: p.summary,
    source: p.provenance.source,
  };
}

/** A resource that is not there (or not the caller's): the MCP "resource not found" error. */
function notFound(uri: string, lang: PromptLang): McpError {
  return new McpError(-32002, say(lang, `资源不存在：${uri}`, `Resource not found: ${uri}`), { uri });
}

/** Builds a server over the given dependencies (one per caller / session). */
export function createTravelMcpServer(deps: TravelMcpDeps): McpServer {
  const lang: PromptLang = deps.lang ?? 'zh';
  const hint = deps.unavailableHint;
  const server = new McpServer(MCP_SERVER_INFO, {
    capabilities: { tools: { listChanged: false }, resources: {}, prompts: {} },
    instructions: say(
      lang,
      '旅行规划工具：搜索航班和酒店、天气、景点、目的地推荐与旅行知识；plan_itinerary 规划完整行程（中文或英文描述），get_plan / edit_plan / verify_plan 读取、修改并核验已保存的行程。',
      'Travel-planning tools: flight and hotel search, weather, attractions, destination recommendations and travel knowledge; plan_itinerary plans a whole trip from a request in Chinese or English; get_plan / edit_plan / verify_plan read, change and verify stored plans.',
    ),
  });

  // --- tools (the registry's own dispatcher, not the SDK's zod handling: one validation path) ---
  const list = mcpToolList(deps.tools);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: list }));
  let calls = 0;
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const tool = deps.tools.get(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const args = request.params.arguments ?? {};
    const asked = args['language'];
    const callLang: PromptLang = asked === 'zh' || asked === 'en' ? asked : lang;
    const result = await deps.tools.dispatch(
      { id: `mcp_${++calls}`, name, arguments: args },
      { lang: callLang, signal: extra.signal, ...(deps.userId ? { userId: deps.userId } : {}) },
    );
    if (result.isError) {
      // Failures the caller can fix (not found, invalid city, ...) are answers, not incidents.
      if (result.cause !== undefined && result.error?.reason === undefined)
        deps.onToolFailure?.(name, result.cause);
      const error = result.error!;
      return {
        isError: true,
        content: [
          { type: 'text', text: errorText(error, callLang) },
          { type: 'text', text: JSON.stringify({ error }) },
        ],
      };
    }
    const payload = resultPayload(tool, result.data) as Record<string, unknown>;
    return {
      content: [
        ...(result.summary ? [{ type: 'text' as const, text: result.summary }] : []),
        { type: 'text', text: JSON.stringify(payload) },
      ],
      structuredContent: payload,
    };
  });

  // --- resources -----------------------------------------------------------------------------
  const profiles = () => deps.providers.knowledge.destinations();

  server.registerResource(
    'popular-destinations',
    'travel://destinations/popular',
    {
      title: 'Popular destinations / 热门目的地',
      description: 'The destinations with curated data, with seasons, styles and typical daily cost.',
      mimeType: 'application/json',
    },
    async (uri) => json(uri.href, { destinations: (await profiles()).map(destinationSummary) }),
  );

  server.registerResource(
    'destination',
    new ResourceTemplate('travel://destinations/{id}', {
      list: async () => ({
        resources: (await profiles()).map((p) => ({
          uri: `travel://destinations/${encodeURIComponent(p.city.id)}`,
          name: `${p.city.nameEn} / ${p.city.nameZh ?? p.city.name}`,
          mimeType: 'application/json',
        })),
      }),
      complete: {
        id: async (value) =>
          (await profiles()).map((p) => p.city.id).filter((id) => id.startsWith(value.toLowerCase())),
      },
    }),
    {
      title: 'Destination / 目的地',
      description: 'One covered destination: profile, top attractions and local tips.',
      mimeType: 'application/json',
    },
    async (uri, vars) => {
      const id = decodeURIComponent(String(vars['id'] ?? ''));
      if (id === 'popular')
        return json(uri.href, { destinations: (await profiles()).map(destinationSummary) });
      const profile = (await profiles()).find((p) => p.city.id === id);
      if (!profile) throw notFound(uri.href, lang);
      const attractions = (await deps.providers.attractions.attractions(profile.city))
        .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0))
        .slice(0, 10)
        .map((a) => ({
          id: a.id,
          name: a.name,
          name_en: a.nameEn ?? null,
          category: a.category,
          ticket_price: a.ticketPrice ?? null,
          currency: a.currency,
          visit_minutes: a.visitMinutes ?? null,
        }));
      const tips = (
        await deps.providers.knowledge.search({
          text: `${profile.city.nameEn} tips`,
          city: profile.city.id,
          limit: 5,
        })
      ).map((t) => ({ title: t.title, text: t.text, language: t.language, source: t.provenance.source }));
      return json(uri.href, { ...destinationSummary(profile), attractions, tips });
    },
  );

  const needUser = (): string => {
    if (deps.userId) return deps.userId;
    throw new McpError(
      ErrorCode.InvalidRequest,
      say(
        lang,
        `需要登录用户（访问令牌）才能读取此资源。${hint?.zh ?? ''}`,
        `This resource needs a signed-in user (an access token). ${hint?.en ?? ''}`,
      ).trim(),
    );
  };
  const needStore = <T>(store: T | undefined): T => {
    if (store) return store;
    throw new McpError(
      ErrorCode.InvalidRequest,
      say(
        lang,
        `此服务未连接数据存储。${hint?.zh ?? ''}`,
        `No data store is configured here. ${hint?.en ?? ''}`,
      ).trim(),
    );
  };

  server.registerResource(
    'user-preferences',
    'travel://user/preferences',
    {
      title: 'My travel preferences / 我的旅行偏好',
      description: "The calling user's travel preferences (language, currency, budget, styles, ...).",
      mimeType: 'application/json',
    },
    async (uri) => {
      const userId = needUser();
      const user = await needStore(deps.users).getById(userId);
      if (!user) throw notFound(uri.href, lang);
      return json(uri.href, toWire(UserPreferences, user.preferences));
    },
  );

  server.registerResource(
    'plan',
    new ResourceTemplate('travel://plans/{id}', {
      list: async () => {
        if (!deps.userId || !deps.plans) return { resources: [] };
        const page = await deps.plans.list({
          userId: deps.userId,
          limit: 50,
          sortBy: 'updated_at',
          order: 'desc',
        });
        return {
          resources: page.items.map((p) => ({
            uri: `travel://plans/${p.id}`,
            name: p.title,
            description: `${p.startDate} - ${p.endDate} (v${p.version})`,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'My plan / 我的行程',
      description: "One of the calling user's travel plans.",
      mimeType: 'application/json',
    },
    async (uri, vars) => {
      const userId = needUser();
      const plan = await needStore(deps.plans).get(userId, decodeURIComponent(String(vars['id'] ?? '')));
      if (!plan) throw notFound(uri.href, lang);
      return json(uri.href, toWire(TravelPlan, plan));
    },
  );

  // --- prompts -------------------------------------------------------------------------------
  const engine = defaultPromptEngine();
  const Lang = z.enum(['zh', 'en']).optional();
  server.registerPrompt(
    'plan_trip',
    {
      title: 'Plan a trip / 规划旅行',
      description: 'Plan a whole trip with the travel tools from a request in your own words (zh/en).',
      argsSchema: {
        request: z.string().describe('The trip in your words, e.g. 从上海去北京玩三天，两个人，预算8000'),
        language: Lang.describe('zh or en (default: the server language)'),
        origin: z.string().optional().describe('Where you leave from, if not in the request'),
        days: z.string().optional().describe('How many days, if not in the request'),
        budget: z.string().optional().describe('Budget, e.g. 8000 CNY, if not in the request'),
      },
    },
    (args) => {
      const l: PromptLang = args.language ?? lang;
      const extra = [
        args.origin ? say(l, `（出发地：${args.origin}）`, ` (leaving from ${args.origin})`) : '',
        args.days ? say(l, `（${args.days}天）`, ` (${args.days} days)`) : '',
        args.budget ? say(l, `（预算：${args.budget}）`, ` (budget: ${args.budget})`) : '',
      ].join('');
      const audience = deps.userId ? { lang: l, userId: deps.userId } : { lang: l };
      const rendered = engine.render('mcp.plan-trip', { request: args.request, extra }, audience);
      return {
        description: `${rendered.ref.id} v${rendered.ref.version} (${rendered.ref.lang})`,
        messages: [{ role: 'user', content: { type: 'text', text: rendered.text } }],
      };
    },
  );
  server.registerPrompt(
    'refine_plan',
    {
      title: 'Refine a plan / 修改行程',
      description: 'Change a stored plan (a cheaper hotel, add or drop a place) and check the result.',
      argsSchema: {
        plan_id: z.string().describe('The plan id (plan_...)'),
        change: z
          .string()
          .describe('What to change, e.g. 换一个便宜点的酒店 / add the Summer Palace on day 2'),
        language: Lang.describe('zh or en (default: the server language)'),
      },
    },
    (args) => {
      const l: PromptLang = args.language ?? lang;
      const audience = deps.userId ? { lang: l, userId: deps.userId } : { lang: l };
      const rendered = engine.render(
        'mcp.refine-plan',
        { planId: args.plan_id, change: args.change },
        audience,
      );
      return {
        description: `${rendered.ref.id} v${rendered.ref.version} (${rendered.ref.lang})`,
        messages: [{ role: 'user', content: { type: 'text', text: rendered.text } }],
      };
    },
  );

  return server;
}
