/**
 * The travel tool registry: one set of tool definitions (zod input and output schemas,
 * annotations, a short readable summary per result) over the ports of {@link TravelToolPorts}.
 * The MCP server serves them (agents -> functions/mcp) and the chat agent's LLM calls them through
 * the same {@link ToolRegistry} dispatcher, so both see the very same schemas.
 *
 * Every tool is a wire tool: arguments and results use the REST API's snake_case field names, and
 * the input schemas of the search tools ARE the REST contracts (`search_flights` takes the body of
 * `POST /v1/search/flights`, `search_hotels` that of `POST /v1/search/hotels`,
 * `recommend_destinations` the query of `GET /v1/recommendations/destinations`).
 *
 * User-scoped tools (`get_plan`, `edit_plan`, a stored `verify_plan`, a saved `plan_itinerary`)
 * scope by the call's `userId`; another user's plan behaves exactly like a missing one.
 */
import { z } from 'zod';
import {
  FlightSearchBody,
  FlightSearchView,
  HotelSearchBody,
  HotelSearchView,
  RecommendationsQuery,
  RecommendationsView,
} from '../contracts/search.js';
import { PlaceName } from '../contracts/fields.js';
import { AuthFailedError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { defineTool, ToolRegistry, type ToolContext, type ToolDefinition } from '../llm/tools.js';
import { parseTripText } from '../nlu/parser.js';
import { addDays } from '../planning/calendar.js';
import { costPlan } from '../planning/budget-agent.js';
import { planTrip } from '../planning/coordinator.js';
import { roomsNeeded } from '../planning/hotel-agent.js';
import { recommendDestinations } from '../planning/recommendation-agent.js';
import type { Violation } from '../planning/types.js';
import { defaultPromptEngine } from '../prompts/catalog.js';
import type { CityInfo, Providers } from '../ports/providers.js';
import type { PlanRepository } from '../ports/repositories.js';
import { Coordinates, CurrencyCode, EntityId, IsoDate } from '../schemas/common.js';
import { Provenance, TravelPlan, WeatherInfo } from '../schemas/travel-plan.js';
import { TripRequest } from '../schemas/trip-request.js';
import { assertKnownCurrency, resolveCityOrFail, round2 } from '../search/lookups.js';
import { searchFlights, searchHotels } from '../search/travel-search.js';
import { verifyAgainstProviders } from './plan-check.js';
import { createTypedPlanEditor } from '../conversation/plan-editor.js';
import { KnowledgeSearchResponse } from '../schemas/knowledge.js';
import { PlanChange } from './plan-edits.js';
import type { TravelToolPorts } from './ports.js';

type Lang = 'zh' | 'en';
const say = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const langOf = (ctx: ToolContext, explicit?: Lang | null): Lang => explicit ?? ctx.lang ?? 'zh';
const money = (n: number, currency: string) => `${Math.round(n).toLocaleString('en-US')} ${currency}`;

/** Every tool name of the registry, in registration order. */
export const TRAVEL_TOOL_NAMES = [
  'search_flights',
  'search_hotels',
  'get_weather',
  'plan_itinerary',
  'calculate_budget',
  'get_local_attractions',
  'recommend_destinations',
  'search_knowledge',
  'get_plan',
  'edit_plan',
  'verify_plan',
] as const;
export type TravelToolName = (typeof TRAVEL_TOOL_NAMES)[number];

/** Tools that read or change the caller's own data (need a user and the plan store). */
export const USER_SCOPED_TOOLS: ReadonlySet<string> = new Set(['get_plan', 'edit_plan']);

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

// --- output views ----------------------------------------------------------------------------

const CityView = z.object({ id: z.string(), name: z.string(), nameEn: z.string(), country: z.string() });
const cityView = (c: CityInfo) => ({
  id: c.id,
  name: c.nameZh ?? c.name,
  nameEn: c.nameEn,
  country: c.country,
});

export const WeatherView = z.object({
  city: CityView,
  forecasts: z.array(z.object({ ...WeatherInfo.shape, provenance: Provenance })),
  /** Dates the provider has nothing for. */
  unknownDates: z.array(IsoDate),
});
export type WeatherView = z.infer<typeof WeatherView>;

const AttractionView = z.object({
  id: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  category: z.string(),
  tags: z.array(z.string()),
  indoor: z.boolean().nullable(),
  visitMinutes: z.number().int().nullable(),
  /** Per adult; 0 = free; null = unknown. */
  ticketPrice: z.number().nullable(),
  currency: z.string(),
  popularity: z.number().nullable(),
  rating: z.number().nullable(),
  address: z.string().nullable(),
  coordinates: Coordinates.nullable(),
  /** Weekly hours: per weekday (0 = Sunday) `[open, close]` minutes after midnight; null = unknown. */
  hours: z.array(z.array(z.tuple([z.number(), z.number()]))).nullable(),
  provenance: Provenance,
});
export const AttractionsView = z.object({
  city: CityView,
  attractions: z.array(AttractionView),
  total: z.number().int(),
});
export type AttractionsView = z.infer<typeof AttractionsView>;

export const KnowledgeView = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      text: z.string(),
      city: z.string().nullable(),
      tags: z.array(z.string()),
      language: z.enum(['zh', 'en']),
      provenance: Provenance,
    }),
  ),
});
export type KnowledgeView = z.infer<typeof KnowledgeView>;

const CostView = z.object({
  flights: z.number(),
  accommodation: z.number(),
  food: z.number(),
  activities: z.number(),
  transportation: z.number(),
  total: z.number(),
});
export const BudgetView = z.object({
  source: z.enum(['plan', 'estimate']),
  planId: z.string().nullable(),
  currency: z.string(),
  travelers: z.number().int(),
  days: z.number().int(),
  cost: CostView,
  perPerson: z.number(),
  /** The budget to compare with (the plan's, or the one given), and whether the cost fits it. */
  budget: z.number().nullable(),
  withinBudget: z.boolean().nullable(),
  notes: z.array(z.string()),
});
export type BudgetView = z.infer<typeof BudgetView>;

export const ViolationView = z.object({
  code: z.string(),
  severity: z.enum(['hard', 'soft']),
  message: z.string(),
  messageZh: z.string(),
  dayNumber: z.number().int().nullable(),
  itemId: z.string().nullable(),
});
export type ViolationView = z.infer<typeof ViolationView>;
const violationView = (v: Violation): ViolationView => ({
  code: v.code,
  severity: v.severity,
  message: v.message,
  messageZh: v.messageZh,
  dayNumber: v.dayNumber ?? null,
  itemId: v.itemId ?? null,
});

export const PlanItineraryView = z.object({
  /** `planned`: a plan; `needs_input`: the text lacks essentials (see questions); `impossible`: why not. */
  status: z.enum(['planned', 'needs_input', 'impossible']),
  plan: TravelPlan.nullable(),
  /** Stored for the caller (get_plan / edit_plan can use plan.id). */
  saved: z.boolean(),
  missing: z.array(z.string()),
  questions: z.array(z.string()),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  violations: z.array(ViolationView),
  /** What the request parser assumed or could not resolve (text requests). */
  notes: z.array(z.string()),
});
export type PlanItineraryView = z.infer<typeof PlanItineraryView>;

export const EditPlanView = z.object({
  plan: TravelPlan,
  previousVersion: z.number().int(),
  changes: z.array(PlanChange),
  /** One or two sentences saying what changed. */
  summary: z.object({ zh: z.string(), en: z.string() }).nullable(),
  costBefore: z.number(),
  costAfter: z.number(),
  currency: z.string(),
  violations: z.array(ViolationView),
});
export type EditPlanView = z.infer<typeof EditPlanView>;

export const VerifyPlanView = z.object({
  planId: z.string(),
  version: z.number().int(),
  /** True when no hard constraint is broken. */
  ok: z.boolean(),
  hard: z.number().int(),
  soft: z.number().int(),
  violations: z.array(ViolationView),
});
export type VerifyPlanView = z.infer<typeof VerifyPlanView>;

// --- helpers ---------------------------------------------------------------------------------

const Language = z.enum(['zh', 'en']);

function needUser(ctx: ToolContext, ports: TravelToolPorts): string {
  if (ctx.userId) return ctx.userId;
  const hint = ports.unavailableHint;
  throw new AuthFailedError('No user', {
    text: {
      zh: `此工具需要登录用户（访问令牌）。${hint?.zh ?? ''}`.trim(),
      en: `This tool needs a signed-in user (an access token). ${hint?.en ?? ''}`.trim(),
    },
  });
}

function needPlans(ports: TravelToolPorts): PlanRepository {
  if (ports.plans) return ports.plans;
  const hint = ports.unavailableHint;
  throw new ForbiddenError('No plan store', {
    text: {
      zh: `此服务未连接行程存储，无法读取或修改行程。${hint?.zh ?? ''}`.trim(),
      en: `No plan store is configured here, so plans cannot be read or changed. ${hint?.en ?? ''}`.trim(),
    },
  });
}

async function loadPlan(ports: TravelToolPorts, ctx: ToolContext, planId: string): Promise<TravelPlan> {
  const userId = needUser(ctx, ports);
  const plan = await needPlans(ports).get(userId, planId);
  if (!plan) {
    throw new NotFoundError('Plan not found', {
      details: [{ field: 'plan_id', message: 'no such plan / 行程不存在' }],
      text: { zh: `没有找到行程 ${planId}。`, en: `Plan ${planId} was not found.` },
    });
  }
  return plan;
}

function planLine(plan: TravelPlan, lang: Lang): string {
  const cities = [...plan.destinations]
    .sort((a, b) => a.visitOrder - b.visitOrder)
    .map((d) => d.name)
    .join(lang === 'zh' ? '、' : ', ');
  const cost = costPlan(plan).total;
  const days = plan.itinerary.length;
  return say(
    lang,
    `「${plan.title}」：${cities}，${plan.startDate} 至 ${plan.endDate}，${days}天，${plan.travelerCount}人，费用约 ${money(cost, plan.currency)}${plan.totalBudget > 0 ? `（预算 ${money(plan.totalBudget, plan.currency)}）` : ''}。行程 id：${plan.id}（版本 ${plan.version}）。`,
    `"${plan.title}": ${cities}, ${plan.startDate} to ${plan.endDate}, ${days} day(s), ${plan.travelerCount} traveller(s), about ${money(cost, plan.currency)}${plan.totalBudget > 0 ? ` (budget ${money(plan.totalBudget, plan.currency)})` : ''}. Plan id: ${plan.id} (version ${plan.version}).`,
  );
}

function violationLine(violations: readonly ViolationView[], lang: Lang): string {
  const hard = violations.filter((v) => v.severity === 'hard');
  if (violations.length === 0) return say(lang, '核验通过：没有发现问题。', 'Verified: no problems found.');
  const top = violations
    .slice(0, 3)
    .map((v) => (lang === 'zh' ? v.messageZh : v.message))
    .join(lang === 'zh' ? '；' : '; ');
  return say(
    lang,
    `发现 ${violations.length} 个问题（${hard.length} 个硬性约束）：${top}`,
    `${violations.length} problem(s) (${hard.length} hard): ${top}`,
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;

// --- the tools -------------------------------------------------------------------------------

/** The travel tools over the given ports, in {@link TRAVEL_TOOL_NAMES} order. */
export function createTravelTools(ports: TravelToolPorts): ToolDefinition[] {
  const providers: Providers = ports.providers;
  const now = ports.now ?? (() => new Date());
  const today = () => now().toISOString().slice(0, 10);
  const knowledge = ports.knowledge ?? providers.knowledge;
  const editor = ports.editor ?? createTypedPlanEditor();

  const searchFlightsTool = defineTool({
    name: 'search_flights',
    title: 'Search flights / 搜索航班',
    description:
      'Search flights between two cities on a date (optionally a return date), ranked by price, duration and stops. Arguments are the body of POST /v1/search/flights. / 按日期搜索两城市间航班。',
    input: FlightSearchBody,
    output: FlightSearchView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: true },
    run: (args) => searchFlights(providers, args),
    summarize(r, lang) {
      const leg = (l: NonNullable<typeof r.return>) => {
        const best = l.offers[0];
        const name = lang === 'zh' ? `${l.from.name}→${l.to.name}` : `${l.from.nameEn} → ${l.to.nameEn}`;
        if (!best)
          return say(
            lang,
            `${name} ${l.date}：没有符合条件的航班。`,
            `${name} on ${l.date}: no matching flight.`,
          );
        return say(
          lang,
          `${name} ${l.date}：${l.total} 个航班，首选 ${best.flightNumber}（${best.airline}）${best.departureTime}-${best.arrivalTime}，${best.stops === 0 ? '直飞' : `经停${best.stops}次`}，每人 ${money(best.price, best.currency)}。`,
          `${name} on ${l.date}: ${l.total} flight(s); best ${best.flightNumber} (${best.airline}) ${best.departureTime}-${best.arrivalTime}, ${best.stops === 0 ? 'direct' : `${best.stops} stop(s)`}, ${money(best.price, best.currency)} per person.`,
        );
      };
      return [leg(r.outbound), ...(r.return ? [leg(r.return)] : [])].join('\n');
    },
  });

  const searchHotelsTool = defineTool({
    name: 'search_hotels',
    title: 'Search hotels / 搜索酒店',
    description:
      'Search stays in a city for check-in and check-out dates, filtered by stars, price and amenities. Arguments are the body of POST /v1/search/hotels. / 搜索目的地酒店。',
    input: HotelSearchBody,
    output: HotelSearchView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: true },
    run: (args) => searchHotels(providers, args),
    summarize(r, lang) {
      const top = r.hotels.slice(0, 3);
      const city = lang === 'zh' ? r.destination.name : r.destination.nameEn;
      if (top.length === 0) return say(lang, `${city}没有符合条件的住宿。`, `No stay in ${city} matches.`);
      const list = top
        .map(
          (h) =>
            `${h.name}${h.stars ? ` ${h.stars}★` : ''} ${money(h.pricePerNight, h.currency)}${say(lang, '/晚', '/night')}`,
        )
        .join(lang === 'zh' ? '；' : '; ');
      return say(
        lang,
        `${city} ${r.checkIn} 入住 ${r.nights} 晚：${r.total} 家符合条件，前三：${list}。`,
        `${city}, ${r.nights} night(s) from ${r.checkIn}: ${r.total} match; top: ${list}.`,
      );
    },
  });

  const getWeather = defineTool({
    name: 'get_weather',
    title: 'Weather / 天气',
    description:
      'Forecast (or climate normal, labelled an estimate) for a city on a date and the days after it. / 查询城市某日起的天气。',
    input: z.object({
      city: PlaceName,
      date: IsoDate,
      /** Days from `date`, 1..16. */
      days: z.number().int().min(1).max(16).default(1),
    }),
    output: WeatherView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: true },
    async run(args) {
      const city = await resolveCityOrFail(providers.geo, args.city, 'city');
      const forecasts: WeatherView['forecasts'] = [];
      const unknownDates: string[] = [];
      for (let i = 0; i < args.days; i++) {
        const date = addDays(args.date, i);
        const f = await providers.weather.forecast(city, date);
        if (f) forecasts.push(f);
        else unknownDates.push(date);
      }
      return { city: cityView(city), forecasts, unknownDates };
    },
    summarize(r, lang) {
      const sky = {
        zh: { sunny: '晴', cloudy: '多云', rainy: '雨', snowy: '雪', foggy: '雾', stormy: '雷暴' },
        en: {
          sunny: 'sunny',
          cloudy: 'cloudy',
          rainy: 'rain',
          snowy: 'snow',
          foggy: 'fog',
          stormy: 'storms',
        },
      }[lang];
      const city = lang === 'zh' ? r.city.name : r.city.nameEn;
      if (r.forecasts.length === 0)
        return say(lang, `暂无${city}的天气数据。`, `No weather data for ${city}.`);
      return (
        city +
        (lang === 'zh' ? '：' : ': ') +
        r.forecasts
          .map((f) => `${f.date} ${sky[f.condition]} ${f.temperatureLow}~${f.temperatureHigh}°C`)
          .join(lang === 'zh' ? '；' : '; ')
      );
    },
  });

  const PlanItineraryInput = z
    .object({
      /** The request in Chinese or English, e.g. "下周五从上海去北京玩三天，两个人，预算8000". */
      text: z.string().trim().min(1).max(2000).optional(),
      /** Or the structured trip request (the planner's TripRequest). */
      request: TripRequest.optional(),
      /** Language of the plan's text (default: the request's). */
      language: Language.optional(),
      /** Store the plan for the caller when a user and a store are available (default true). */
      save: z.boolean().default(true),
    })
    .superRefine((a, ctx) => {
      if ((a.text === undefined) === (a.request === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['text'], message: 'give either text or request (not both)' });
      }
    });
  const QUESTION_OF: Record<string, string> = {
    origin: 'follow-up.origin',
    destinations: 'follow-up.destination',
    days: 'follow-up.days',
  };
  const planItinerary = defineTool({
    name: 'plan_itinerary',
    title: 'Plan a trip / 规划行程',
    description:
      'Plan a whole trip (flights or trains, stays, day-by-day places and meals, budget), verified against the data. Give `text` (a request in Chinese or English) or a structured `request`. Returns questions when the text lacks where from, where to or how long. / 规划完整行程。',
    input: PlanItineraryInput,
    output: PlanItineraryView,
    wire: true,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(args, ctx) {
      const empty = {
        plan: null,
        saved: false,
        missing: [],
        questions: [],
        failure: null,
        violations: [],
        notes: [],
      };
      let request: TripRequest;
      let notes: string[] = [];
      if (args.text !== undefined) {
        if (!ports.nlu) {
          throw new ValidationError('No parser', {
            details: [
              { field: 'text', message: 'free text cannot be read here: give request / 请提供结构化请求' },
            ],
          });
        }
        const parsed = parseTripText(args.text, {
          gazetteer: ports.nlu.gazetteer,
          today: today(),
          ...(ports.nlu.segmenter ? { segmenter: ports.nlu.segmenter } : {}),
        });
        notes = parsed.notes;
        const lang = args.language ?? parsed.request.language ?? langOf(ctx);
        const r = parsed.request;
        const missing = [
          ...((r.destinations?.length ?? 0) > 0 || r.region ? [] : ['destinations']),
          ...(r.origin ? [] : ['origin']),
          ...(r.days || (r.startDate && r.endDate) ? [] : ['days']),
        ];
        if (missing.length > 0) {
          const engine = defaultPromptEngine();
          const destination = r.destinations?.[0]?.name ?? say(lang, '目的地', 'your destination');
          const audience = ctx.userId ? { lang, userId: ctx.userId } : { lang };
          const questions = missing.map(
            (m) => engine.render(QUESTION_OF[m]!, { destination }, audience).text,
          );
          return { ...empty, status: 'needs_input' as const, missing, questions, notes };
        }
        const full = TripRequest.safeParse({ ...r, language: lang });
        if (!full.success) {
          throw new ValidationError('Invalid request', {
            details: full.error.issues.map((i) => ({
              field: `text(${i.path.join('.')})`,
              message: i.message,
            })),
          });
        }
        request = full.data;
      } else {
        request = args.language ? { ...args.request!, language: args.language } : args.request!;
      }
      const lang = request.language;
      const outcome = await planTrip(request, {
        providers,
        now,
        ...(ctx.userId ? { userId: ctx.userId } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      if (outcome.failure || !outcome.plan) {
        const f = outcome.failure!;
        return {
          ...empty,
          status: 'impossible' as const,
          failure: { code: f.code, message: lang === 'zh' ? f.messageZh : f.message },
          notes,
        };
      }
      let plan = outcome.plan;
      let saved = false;
      if (args.save && ports.plans && ctx.userId) {
        plan = await ports.plans.create(plan);
        saved = true;
      }
      return {
        ...empty,
        status: 'planned' as const,
        plan,
        saved,
        violations: outcome.violations.map(violationView),
        notes,
      };
    },
    summarize(r, lang) {
      if (r.status === 'needs_input') return r.questions.join(' ');
      if (r.status === 'impossible')
        return say(lang, `无法规划：${r.failure?.message}`, `Cannot plan: ${r.failure?.message}`);
      const plan = r.plan!;
      return [
        planLine(plan, lang),
        r.saved
          ? say(lang, '已保存。', 'Saved.')
          : say(lang, '未保存（无用户或存储）。', 'Not saved (no user or store).'),
        violationLine(r.violations, lang),
      ].join(' ');
    },
  });

  const calculateBudget = defineTool({
    name: 'calculate_budget',
    title: 'Calculate a budget / 计算预算',
    description:
      "Cost a stored plan item by item (give plan_id), or estimate a trip's cost from the providers' prices (destination, days, travelers; origin adds return flights). / 计算行程费用或估算预算。",
    input: z
      .object({
        planId: EntityId.optional(),
        destination: PlaceName.optional(),
        origin: PlaceName.optional(),
        days: z.number().int().min(1).max(60).optional(),
        startDate: IsoDate.optional(),
        travelers: z.number().int().min(1).max(50).default(1),
        /** budget: cheaper picks (25th percentile); standard: median; comfort: 75th percentile. */
        level: z.enum(['budget', 'standard', 'comfort']).default('standard'),
        currency: CurrencyCode.optional(),
        /** A budget to compare the estimate with. */
        budget: z.number().min(0).max(1e12).optional(),
      })
      .superRefine((a, ctx) => {
        if (a.planId === undefined && (a.destination === undefined || a.days === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['destination'],
            message: 'give plan_id, or destination and days',
          });
        }
      }),
    output: BudgetView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: true },
    async run(args, ctx) {
      const lang = langOf(ctx);
      if (args.planId !== undefined) {
        const plan = await loadPlan(ports, ctx, args.planId);
        const cost = costPlan(plan);
        const budget = args.budget ?? (plan.totalBudget > 0 ? plan.totalBudget : null);
        return {
          source: 'plan' as const,
          planId: plan.id,
          currency: plan.currency,
          travelers: plan.travelerCount,
          days: plan.itinerary.length,
          cost,
          perPerson: round2(cost.total / plan.travelerCount),
          budget,
          withinBudget: budget === null ? null : cost.total <= budget,
          notes: [],
        };
      }
      const currency = args.currency ?? 'CNY';
      assertKnownCurrency(providers.rates, currency, 'currency');
      const city = await resolveCityOrFail(providers.geo, args.destination!, 'destination');
      const days = args.days!;
      const people = args.travelers;
      const start = args.startDate ?? addDays(today(), 14);
      const end = addDays(start, days - 1);
      const p = { budget: 0.25, standard: 0.5, comfort: 0.75 }[args.level];
      const conv = (n: number, from: string) => providers.rates.convert(n, from, currency);
      const notes: string[] = [
        say(
          lang,
          '估算值：按数据源的价格分位数计算，非实时报价。',
          "An estimate from the providers' price percentiles, not a live quote.",
        ),
      ];
      // Stay: nightly price for the party's rooms at the level's percentile.
      const nights = Math.max(0, days - 1);
      const offers =
        nights > 0
          ? await providers.hotels.search({ city, checkIn: start, checkOut: end, guests: people })
          : [];
      const stayPrices = offers
        .map((o) => conv(o.pricePerNight * roomsNeeded(people, o.maxOccupancy), o.currency))
        .sort((a, b) => a - b);
      const accommodation = percentile(stayPrices, p) * nights;
      if (nights > 0 && stayPrices.length === 0)
        notes.push(say(lang, '没有住宿价格数据。', 'No stay prices known.'));
      // Meals: three a day at the level's percentile of restaurant spend.
      const meals = (await providers.restaurants.restaurants(city))
        .map((x) => conv(x.averageCost, x.currency))
        .sort((a, b) => a - b);
      const food = percentile(meals, p) * 3 * days * people;
      // Sights: two of the most popular places a day, their mean ticket.
      const sights = (await providers.attractions.attractions(city))
        .filter((a) => a.ticketPrice !== undefined)
        .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0))
        .slice(0, Math.max(2, days * 2));
      const ticket = sights.length
        ? sights.reduce((s, a) => s + conv(a.ticketPrice!, a.currency), 0) / sights.length
        : 0;
      const activities = ticket * Math.min(sights.length, days * 2) * people;
      // Getting there and back: the cheapest flight each way when an origin is given.
      let flights = 0;
      if (args.origin) {
        const from = await resolveCityOrFail(providers.geo, args.origin, 'origin');
        for (const [a, b, date] of [
          [from, city, start],
          [city, from, end],
        ] as const) {
          const fares = (
            await providers.flights.search({
              from: a,
              to: b,
              date,
              passengers: people,
              cabinClass: 'economy',
            })
          ).map((f) => conv(f.price, f.currency));
          if (fares.length) flights += Math.min(...fares) * people;
          else
            notes.push(
              say(
                lang,
                `${a.nameEn}→${b.nameEn} 没有航班数据。`,
                `No flights known from ${a.nameEn} to ${b.nameEn}.`,
              ),
            );
        }
      }
      // Local transport: a flat share per person and day (transit fares are not itemised here).
      const transportation = conv(40, 'CNY') * days * people;
      notes.push(
        say(
          lang,
          '市内交通按每人每天约 40 元人民币估算。',
          'Local transport is a flat ~40 CNY per person and day.',
        ),
      );
      const cost = {
        flights: round2(flights),
        accommodation: round2(accommodation),
        food: round2(food),
        activities: round2(activities),
        transportation: round2(transportation),
        total: round2(flights + accommodation + food + activities + transportation),
      };
      const budget = args.budget ?? null;
      return {
        source: 'estimate' as const,
        planId: null,
        currency,
        travelers: people,
        days,
        cost,
        perPerson: round2(cost.total / people),
        budget,
        withinBudget: budget === null ? null : cost.total <= budget,
        notes,
      };
    },
    summarize(r, lang) {
      const c = r.cost;
      const fit =
        r.withinBudget === null
          ? ''
          : r.withinBudget
            ? say(
                lang,
                `，在预算 ${money(r.budget!, r.currency)} 之内`,
                `, within the budget of ${money(r.budget!, r.currency)}`,
              )
            : say(
                lang,
                `，超出预算 ${money(c.total - r.budget!, r.currency)}`,
                `, ${money(c.total - r.budget!, r.currency)} over budget`,
              );
      return say(
        lang,
        `${r.source === 'plan' ? '行程费用' : '估算费用'}：共 ${money(c.total, r.currency)}（交通 ${money(c.flights + c.transportation, r.currency)}，住宿 ${money(c.accommodation, r.currency)}，餐饮 ${money(c.food, r.currency)}，门票 ${money(c.activities, r.currency)}），每人 ${money(r.perPerson, r.currency)}${fit}。`,
        `${r.source === 'plan' ? 'Plan cost' : 'Estimated cost'}: ${money(c.total, r.currency)} (transport ${money(c.flights + c.transportation, r.currency)}, stay ${money(c.accommodation, r.currency)}, food ${money(c.food, r.currency)}, tickets ${money(c.activities, r.currency)}), ${money(r.perPerson, r.currency)} per person${fit}.`,
      );
    },
  });

  const getLocalAttractions = defineTool({
    name: 'get_local_attractions',
    title: 'Local attractions / 当地景点',
    description:
      "A city's attractions, most popular first, with category, ticket price, typical visit length and opening hours; filter by category or indoor. / 查询城市景点。",
    input: z.object({
      city: PlaceName,
      /** museum, park, landmark, temple, shopping, entertainment, nature, ... */
      category: z.string().trim().min(1).max(50).optional(),
      indoor: z.boolean().optional(),
      limit: z.number().int().min(1).max(50).default(10),
    }),
    output: AttractionsView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: true },
    async run(args) {
      const city = await resolveCityOrFail(providers.geo, args.city, 'city');
      const wanted = args.category?.toLowerCase();
      const all = (await providers.attractions.attractions(city))
        .filter(
          (a) =>
            !wanted || a.category.toLowerCase() === wanted || a.tags.some((t) => t.toLowerCase() === wanted),
        )
        .filter((a) => args.indoor === undefined || a.indoor === args.indoor)
        .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0) || (b.rating ?? 0) - (a.rating ?? 0));
      return {
        city: cityView(city),
        total: all.length,
        attractions: all.slice(0, args.limit).map((a) => ({
          id: a.id,
          name: a.name,
          nameZh: a.nameZh ?? null,
          nameEn: a.nameEn ?? null,
          category: a.category,
          tags: a.tags,
          indoor: a.indoor ?? null,
          visitMinutes: a.visitMinutes ?? null,
          ticketPrice: a.ticketPrice ?? null,
          currency: a.currency,
          popularity: a.popularity ?? null,
          rating: a.rating ?? null,
          address: a.address ?? null,
          coordinates: a.coordinates ?? null,
          hours: a.hours,
          provenance: a.provenance,
        })),
      };
    },
    summarize(r, lang) {
      const city = lang === 'zh' ? r.city.name : r.city.nameEn;
      if (r.attractions.length === 0)
        return say(lang, `${city}没有符合条件的景点。`, `No matching attraction in ${city}.`);
      const names = r.attractions
        .slice(0, 5)
        .map((a) => (lang === 'zh' ? (a.nameZh ?? a.name) : (a.nameEn ?? a.name)))
        .join(lang === 'zh' ? '、' : ', ');
      return say(
        lang,
        `${city}共 ${r.total} 个景点，热门：${names}。`,
        `${r.total} attraction(s) in ${city}; popular: ${names}.`,
      );
    },
  });

  const recommend = defineTool({
    name: 'recommend_destinations',
    title: 'Recommend destinations / 推荐目的地',
    description:
      'Destinations ranked for a season, budget per person, travel style and trip length. Arguments are the query of GET /v1/recommendations/destinations. / 按季节、预算、风格推荐目的地。',
    input: RecommendationsQuery.extend({ language: Language.optional() }),
    output: RecommendationsView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: false },
    async run(args, ctx) {
      if (args.currency) assertKnownCurrency(providers.rates, args.currency, 'currency');
      const recommendations = await recommendDestinations(providers.knowledge, providers.rates, {
        season: args.season,
        budget: args.budget,
        currency: args.currency,
        style: args.style,
        duration: args.duration,
        limit: args.limit,
        language: langOf(ctx, args.language),
      });
      return { recommendations };
    },
    summarize(r, lang) {
      if (r.recommendations.length === 0) return say(lang, '没有推荐结果。', 'No recommendations.');
      return (
        say(lang, '推荐：', 'Recommended: ') +
        r.recommendations
          .slice(0, 5)
          .map((x) => `${x.destination} (${money(x.estimatedBudget, x.currency)})`)
          .join(lang === 'zh' ? '、' : ', ')
      );
    },
  });

  const searchKnowledgeTool = defineTool({
    name: 'search_knowledge',
    title: 'Search travel knowledge / 检索旅行知识',
    description:
      'Search the travel knowledge base (hybrid retrieval: BM25 over Chinese and English with a bilingual term bridge; dense vectors and a reranker when configured): tips, customs, transport notes, opening-hours advice, optionally for one city. Every passage carries its document id, source and last-checked date to cite. / 检索旅行知识库，结果附带出处。',
    input: z.object({
      query: z.string().trim().min(1).max(500),
      city: PlaceName.optional(),
      language: Language.optional(),
      limit: z.number().int().min(1).max(20).default(5),
    }),
    output: KnowledgeSearchResponse,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: false },
    async run(args) {
      let city: string | undefined;
      if (args.city) city = (await resolveCityOrFail(providers.geo, args.city, 'city')).id;
      // The knowledge base filters by its own city ids (`paris`, `beijing`); other ids do not filter.
      const cityId = city && /^[a-z0-9-]+$/.test(city) ? city : undefined;
      if (ports.knowledgeBase) {
        return ports.knowledgeBase({
          query: args.query,
          limit: args.limit,
          ...(cityId ? { city: cityId } : {}),
          ...(args.language ? { lang: args.language } : {}),
        });
      }
      const hits = await knowledge.search({
        text: args.query,
        limit: args.limit,
        ...(city ? { city } : {}),
        ...(args.language ? { language: args.language } : {}),
      });
      return {
        query: args.query,
        noAnswer: hits.length === 0,
        results: hits.slice(0, args.limit).map((h) => ({
          docId: h.citation?.docId ?? h.id,
          chunkId: h.citation?.chunkId ?? h.id,
          title: h.title,
          text: h.text,
          score: 0,
          lang: h.language,
          city: h.city ?? null,
          category: h.tags[0] ?? 'tip',
          topic: h.tags[0] ?? 'tip',
          source: h.citation?.source ?? h.provenance.source,
          sourceUrl: null,
          lastChecked: h.citation?.lastChecked ?? h.provenance.retrievedAt,
          unverified: h.citation?.unverified ?? h.provenance.kind !== 'verified',
        })),
      };
    },
    summarize(r, lang) {
      if (r.results.length === 0 || r.noAnswer)
        return say(lang, '知识库里没有找到相关内容。', 'Nothing relevant was found in the knowledge base.');
      return r.results
        .slice(0, 3)
        .map(
          (h) =>
            `• ${h.title}: ${h.text.length > 160 ? `${h.text.slice(0, 157)}...` : h.text} [${h.docId}; ${h.source}; ${say(lang, '核对于', 'checked')} ${h.lastChecked}]`,
        )
        .join('\n');
    },
  });

  const getPlan = defineTool({
    name: 'get_plan',
    title: 'Get a plan / 查看行程',
    description: "One of the caller's stored travel plans, by id. / 按 id 读取当前用户的行程。",
    input: z.object({ planId: EntityId }),
    output: TravelPlan,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: false },
    run: (args, ctx) => loadPlan(ports, ctx, args.planId),
    summarize: (plan, lang) => planLine(plan, lang),
  });

  const editPlan = defineTool({
    name: 'edit_plan',
    title: 'Edit a plan / 修改行程',
    description:
      "Edit one of the caller's plans with one typed operation (the `op` field selects it): replace_hotel (criterion cheaper|better|closer|named), add_place, remove_place, move_place, adjust_day (lighter|fuller), change_intercity_mode, change_dates, change_length, change_budget, change_party, change_meal, add_day_trip. Only what the op touches changes; the result is verified, diffed and stored as a new version (optimistic: pass the version you read). / 用类型化操作修改行程（只改动涉及的部分），核验后保存为新版本。",
    input: z.object({
      planId: EntityId,
      /** The version the edit is based on; refused with CONFLICT when the plan has moved on. */
      version: z.number().int().min(1).max(1e9).optional(),
      op: editor.op,
      language: Language.optional(),
    }),
    output: EditPlanView,
    wire: true,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async run(args, ctx) {
      const lang = langOf(ctx, args.language);
      const plan = await loadPlan(ports, ctx, args.planId);
      if (args.version !== undefined && args.version !== plan.version) {
        throw new ConflictError('Version conflict', {
          details: [{ field: 'version', message: `the plan is at version ${plan.version} / 行程已更新` }],
          text: {
            zh: `行程已更新到版本 ${plan.version}，请重新读取后再修改。`,
            en: `The plan is at version ${plan.version}; read it again and retry.`,
          },
          context: { currentVersion: plan.version },
        });
      }
      const edited = await editor.apply(plan, args.op, { providers, now, lang });
      const violations = await verifyAgainstProviders(edited.plan, { providers, now }, lang);
      const stored = await needPlans(ports).save(needUser(ctx, ports), edited.plan, plan.version);
      return {
        plan: stored,
        previousVersion: plan.version,
        changes: edited.changes,
        summary: edited.summary ?? null,
        costBefore: costPlan(plan).total,
        costAfter: costPlan(stored).total,
        currency: plan.currency,
        violations: violations.map(violationView),
      };
    },
    summarize(r, lang) {
      const changes =
        r.summary?.[lang] ??
        r.changes
          .map((c) =>
            c.kind === 'added'
              ? say(lang, `第${c.dayNumber}天加入「${c.name}」`, `added "${c.name}" on day ${c.dayNumber}`)
              : c.kind === 'removed'
                ? say(lang, `移除「${c.name}」`, `removed "${c.name}"`)
                : say(lang, `「${c.name}」有变动`, `changed "${c.name}"`),
          )
          .join(lang === 'zh' ? '；' : '; ');
      const delta = r.costAfter - r.costBefore;
      return [
        say(
          lang,
          `已修改（版本 ${r.plan.version}）：${changes}。`,
          `Edited (version ${r.plan.version}): ${changes}.`,
        ),
        say(
          lang,
          `费用 ${money(r.costBefore, r.currency)} → ${money(r.costAfter, r.currency)}（${delta <= 0 ? '节省' : '增加'} ${money(Math.abs(delta), r.currency)}）。`,
          `Cost ${money(r.costBefore, r.currency)} -> ${money(r.costAfter, r.currency)} (${delta <= 0 ? 'saves' : 'adds'} ${money(Math.abs(delta), r.currency)}).`,
        ),
        violationLine(r.violations, lang),
      ].join(' ');
    },
  });

  const verifyPlanTool = defineTool({
    name: 'verify_plan',
    title: 'Verify a plan / 核验行程',
    description:
      "Run the verifier on a plan (one of the caller's by plan_id, or a plan given inline) and list its violations: ungrounded items, opening hours, overlaps, travel times, meals, stays, budget. / 核验行程并列出问题。",
    input: z
      .object({
        planId: EntityId.optional(),
        /** A whole plan (e.g. from plan_itinerary without a store). */
        plan: TravelPlan.optional(),
        language: Language.optional(),
      })
      .superRefine((a, ctx) => {
        if ((a.planId === undefined) === (a.plan === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['planId'], message: 'give either plan_id or plan' });
        }
      }),
    output: VerifyPlanView,
    wire: true,
    annotations: { ...READ_ONLY, openWorldHint: true },
    async run(args, ctx) {
      const lang = langOf(ctx, args.language);
      const plan = args.plan ?? (await loadPlan(ports, ctx, args.planId!));
      const violations = (await verifyAgainstProviders(plan, { providers, now }, lang)).map(violationView);
      const hard = violations.filter((v) => v.severity === 'hard').length;
      return {
        planId: plan.id,
        version: plan.version,
        ok: hard === 0,
        hard,
        soft: violations.length - hard,
        violations,
      };
    },
    summarize: (r, lang) => violationLine(r.violations, lang),
  });

  return [
    searchFlightsTool,
    searchHotelsTool,
    getWeather,
    planItinerary,
    calculateBudget,
    getLocalAttractions,
    recommend,
    searchKnowledgeTool,
    getPlan,
    editPlan,
    verifyPlanTool,
  ] as unknown as ToolDefinition[];
}

/** A registry (and dispatcher) holding the travel tools over the given ports. */
export function createTravelToolRegistry(ports: TravelToolPorts): ToolRegistry {
  return new ToolRegistry(createTravelTools(ports));
}
