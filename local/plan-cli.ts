/**
 * `npm run plan -- "<request in Chinese or English>"`: understands the request with the
 * deterministic parser, plans it with the offline providers, and prints a readable day-by-day plan
 * (times, places, legs, meals, hotel), the budget table and any warnings.
 *
 * Options: `--json` prints the TravelPlan JSON (wire form) instead; `--lang zh|en` picks the output
 * language (default: the request's); `--today YYYY-MM-DD` anchors relative dates; `--outline`
 * accepts a transport-and-stay-only outline when the destination has no local data.
 * Exit codes: 0 planned, 2 bad usage, 3 the request is incomplete or impossible (the reason is printed).
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { planTrip } from '../agents/planning/coordinator.js';
import { renderPlanText } from '../agents/planning/plan-text.js';
import { parseTripText } from '../agents/nlu/parser.js';
import { createJiebaSegmenter } from '../agents/nlu/segmenter.js';
import { TravelPlan } from '../agents/schemas/travel-plan.js';
import { TripRequest } from '../agents/schemas/trip-request.js';
import { toWire } from '../agents/schemas/wire.js';
import { chinesePlaceNames, loadGazetteer } from '../knowledge/gazetteer/load.js';
import { createOfflineProviders } from '../knowledge/offline/providers.js';

const QUESTIONS: Record<string, { zh: string; en: string }> = {
  origin: { zh: '从哪里出发？', en: 'Where do you leave from?' },
  destinations: { zh: '想去哪里？', en: 'Where would you like to go?' },
  days: { zh: '玩几天，或者哪天出发、哪天回来？', en: 'How many days, or which dates?' },
  dates: { zh: '玩几天，或者哪天出发、哪天回来？', en: 'How many days, or which dates?' },
};

function usage(): never {
  process.stderr.write(
    'usage: npm run plan -- "<request>" [--json] [--lang zh|en] [--today YYYY-MM-DD] [--outline]\n',
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let json = false;
  let outline = false;
  let lang: 'zh' | 'en' | undefined;
  let today = new Date().toISOString().slice(0, 10);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--outline') outline = true;
    else if (a === '--lang') {
      const v = argv[++i];
      if (v !== 'zh' && v !== 'en') usage();
      lang = v;
    } else if (a === '--today') today = argv[++i] ?? usage();
    else if (a.startsWith('--')) usage();
    else words.push(a);
  }
  const text = words.join(' ').trim();
  if (!text) usage();

  const parsed = parseTripText(text, {
    gazetteer: loadGazetteer(),
    today,
    segmenter: createJiebaSegmenter(chinesePlaceNames()),
  });
  const language = lang ?? parsed.request.language ?? 'zh';
  // The planner needs where from, where to and how long; everything else has defaults.
  const r = parsed.request;
  const blocking = [
    ...(r.origin ? [] : ['origin']),
    ...((r.destinations?.length ?? 0) > 0 || r.region ? [] : ['destinations']),
    ...(r.days || (r.startDate && r.endDate) ? [] : ['days']),
  ];
  if (blocking.length > 0) {
    const asks = [...new Set(blocking.map((m) => QUESTIONS[m]?.[language]).filter(Boolean))];
    process.stdout.write(
      (language === 'zh' ? '还需要一些信息：' : 'A few details are missing: ') + asks.join(' ') + '\n',
    );
    process.exit(3);
  }
  const request = TripRequest.parse({
    ...parsed.request,
    language,
    ...(outline ? { outlineIfUncovered: true } : {}),
  });
  const providers = createOfflineProviders();
  // `--today` is the planner's clock too (the default start date and "this weekend" agree).
  const clock = new Date(`${today}T12:00:00Z`);
  const outcome = await planTrip(request, { providers, now: () => clock });
  if (outcome.failure) {
    process.stdout.write(`${language === 'zh' ? outcome.failure.messageZh : outcome.failure.message}\n`);
    process.exit(3);
  }
  const plan = outcome.plan!;
  if (json) {
    process.stdout.write(`${JSON.stringify(toWire(TravelPlan, plan), null, 2)}\n`);
    return;
  }
  process.stdout.write(`${renderPlanText(plan, language)}\n`);
  const note =
    language === 'zh'
      ? `\n（离线模式：航班与价格为估算值，数据来源见各项标注。规划用时 ${Math.round(outcome.elapsedMs)} 毫秒。）`
      : `\n(Offline mode: flights and prices are estimates; every item is labelled with its source. Planned in ${Math.round(outcome.elapsedMs)} ms.)`;
  process.stdout.write(`${note}\n`);
}

await main();
