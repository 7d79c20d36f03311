/**
 * Renders a TravelPlan as readable text in Chinese or English: a timeline per day (times, places,
 * the leg before each, meals, the hotel), weather, the budget table and the warnings. Every line
 * comes from the plan; nothing is invented here. Items marked as estimates say so.
 */
import type { TravelPlan } from '../schemas/travel-plan.js';
import { costPlan } from './budget-agent.js';
import { cuisineLabel, durationText } from './display-labels.js';
import { moneyText, priceText } from './money-text.js';

/** The second half of a visit split around lunch (plan-items.ts names it so). */
const RESUMED = /（续）$| \(continued\)$/;

type Lang = 'zh' | 'en';

const T = {
  day: { zh: (n: number, d: string) => `第${n}天 ${d}`, en: (n: number, d: string) => `Day ${n} · ${d}` },
  stay: { zh: '住宿', en: 'Stay' },
  noStay: { zh: '（返程，无需住宿）', en: '(return day, no stay)' },
  noStayYet: { zh: '（当晚不在酒店过夜）', en: '(no hotel night)' },
  dorm: { zh: '多人间床位，与他人合住', en: 'dorm bed in a shared room' },
  book: { zh: '需预约', en: 'book ahead' },
  summary: { zh: '概要', en: 'Summary' },
  journey: {
    out: { zh: '去程', en: 'Outbound' },
    onward: { zh: '城际', en: 'Onward' },
    back: { zh: '返程', en: 'Return' },
  },
  tips: { zh: '出行提示', en: 'Tips' },
  theme: { zh: '主题', en: 'Theme' },
  continued: { zh: '续', en: 'continued' },
  weather: { zh: '天气', en: 'Weather' },
  budget: { zh: '预算', en: 'Budget' },
  total: { zh: '合计', en: 'Total' },
  warnings: { zh: '注意事项', en: 'Warnings' },
  alternatives: { zh: '备选方案', en: 'Alternatives' },
  estimate: { zh: '估算', en: 'estimate' },
  meal: {
    zh: { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' },
    en: { breakfast: 'Breakfast', lunch: 'Lunch', dinner: 'Dinner' },
  },
  mode: {
    zh: {
      walk: '步行',
      transit: '公交/地铁',
      taxi: '出租车',
      self_driving: '自驾',
      flight: '飞机',
      train: '火车',
      bus: '大巴',
    },
    en: {
      walk: 'walk',
      transit: 'transit',
      taxi: 'taxi',
      self_driving: 'drive',
      flight: 'flight',
      train: 'train',
      bus: 'bus',
    },
  },
  categories: {
    zh: {
      flights: '机票',
      accommodation: '住宿',
      food: '餐饮',
      activities: '门票/活动',
      transportation: '交通',
    },
    en: {
      flights: 'Flights',
      accommodation: 'Stays',
      food: 'Food',
      activities: 'Tickets',
      transportation: 'Transport',
    },
  },
  sky: {
    zh: { sunny: '晴', cloudy: '多云', rainy: '雨', snowy: '雪', foggy: '雾', stormy: '雷暴' },
    en: { sunny: 'sunny', cloudy: 'cloudy', rainy: 'rain', snowy: 'snow', foggy: 'fog', stormy: 'storms' },
  },
} as const;

const hhmm = (iso: string | null | undefined) => (iso ? iso.slice(11, 16) : '--:--');
const money = moneyText;

const WEEKDAY = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
} as const;

const weekday = (date: string, lang: Lang) => WEEKDAY[lang][new Date(`${date}T00:00:00Z`).getUTCDay()]!;

/** The day's theme: a day trip, an arrival or departure, else its first two sights; a free day says so. */
export function themeOf(day: Pick<TravelPlan['itinerary'][number], 'activities'>, lang: Lang): string | null {
  const visits = day.activities.filter(
    (a) => (a.type === 'sightseeing' || a.type === 'shopping') && !RESUMED.test(a.name),
  );
  const trip = visits.find((a) => a.description);
  const moves = day.activities.filter((a) => a.type === 'transportation' && !a.transfer);
  const names = visits.slice(0, 2).map((a) => a.name);
  if (trip) return lang === 'zh' ? `${trip.name}一日游` : `Day trip: ${trip.name}`;
  if (names.length === 0) {
    if (moves.length > 0) return lang === 'zh' ? '旅途日' : 'Travel day';
    // A landing after a night flight and the ride to the hotel: the day is an arrival, not free time.
    if (day.activities.some((a) => a.type === 'transportation'))
      return lang === 'zh' ? '抵达，休息' : 'Arrival and rest';
    return lang === 'zh' ? '自由活动' : 'Free time';
  }
  const joined = names.join(lang === 'zh' ? '、' : ' and ');
  if (moves.length > 0) return lang === 'zh' ? `出行日 · ${joined}` : `Travel day · ${joined}`;
  return joined;
}

/** Passport countries the entry notes are written for, by name. */
const PASSPORT_NAME: Record<string, { zh: string; en: string }> = {
  CN: { zh: '中国', en: 'Chinese' },
  US: { zh: '美国', en: 'US' },
  GB: { zh: '英国', en: 'British' },
  JP: { zh: '日本', en: 'Japanese' },
  SG: { zh: '新加坡', en: 'Singaporean' },
  FR: { zh: '法国', en: 'French' },
  DE: { zh: '德国', en: 'German' },
  IT: { zh: '意大利', en: 'Italian' },
  ES: { zh: '西班牙', en: 'Spanish' },
  NL: { zh: '荷兰', en: 'Dutch' },
};

/**
 * Entry and visa notes under the summary: whose passport they are for (and whether that was
 * assumed from the origin), the note itself, and that it is dated general guidance.
 */
function renderEntryNotes(plan: TravelPlan, lang: Lang, lines: string[]): void {
  const notes = plan.entryNotes ?? [];
  if (notes.length === 0) return;
  const n0 = notes[0]!;
  const who = PASSPORT_NAME[n0.passportCountry]?.[lang] ?? n0.passportCountry;
  lines.push(
    lang === 'zh'
      ? `  入境与签证（${who}护照${n0.passportAssumed ? '，按出发地推断，如持其他护照请告知' : ''}；一般性指引，非官方核实）：`
      : `  Entry and visas (${who} passport${n0.passportAssumed ? ', assumed from where you leave; tell us if you hold another' : ''}; general guidance, not verified with the authorities):`,
  );
  for (const n of notes) {
    lines.push(
      lang === 'zh'
        ? `  - ${n.title}（更新于 ${n.lastChecked}）：${n.text} [${n.docId}]`
        : `  - ${n.title} (last checked ${n.lastChecked}): ${n.text} [${n.docId}]`,
    );
  }
}

const INTERCITY_MODES = new Set(['flight', 'train', 'bus', 'self_driving']);

/**
 * The journeys in the summary, each with its day, the local times it leaves and arrives (`+1` on a
 * later day) and its mode: the way there, between cities, and the way home with its time.
 */
function renderJourneys(plan: TravelPlan, lang: Lang, lines: string[]): void {
  const journeys = plan.itinerary.flatMap((d) =>
    d.activities
      .filter(
        (a) =>
          a.type === 'transportation' &&
          !a.transfer &&
          !!a.travelLeg &&
          INTERCITY_MODES.has(a.travelLeg.mode) &&
          !!a.startTime &&
          !!a.endTime,
      )
      .map((a) => ({ day: d.dayNumber, a })),
  );
  journeys.forEach(({ day, a }, i) => {
    const leg = a.travelLeg!;
    const kind =
      i === 0
        ? T.journey.out[lang]
        : i === journeys.length - 1
          ? T.journey.back[lang]
          : T.journey.onward[lang];
    const leave = a.startTime!.slice(11, 16);
    const arrive = a.endTime!.slice(11, 16) + dayOffset(a.startTime!.slice(0, 10), a.endTime!.slice(0, 10));
    const mode = T.mode[lang][leg.mode as keyof (typeof T.mode)['en']] ?? leg.mode;
    lines.push(
      lang === 'zh'
        ? `  ${kind}: 第${day}天 ${leave} ${leg.from} → ${leg.to} ${arrive} · ${mode}`
        : `  ${kind}: day ${day}, ${leave} ${leg.from} → ${leg.to} ${arrive} · ${mode}`,
    );
  });
}

/** " (+1)" when a flight lands on a later local date than it leaves. */
function dayOffset(date: string, arrivalDate: string | null | undefined): string {
  if (!arrivalDate || arrivalDate <= date) return '';
  const days = Math.round((Date.parse(arrivalDate) - Date.parse(date)) / 86_400_000);
  return days > 0 ? ` (+${days})` : '';
}

export function renderPlanText(plan: TravelPlan, lang: Lang): string {
  const lines: string[] = [];
  const people = plan.travelerCount;
  const cost = costPlan(plan);
  lines.push(`# ${plan.title}`);
  // Summary: who, when, where, total against the budget.
  const cities = plan.destinations.map((d) => d.name).join(lang === 'zh' ? '、' : ', ');
  const nights = plan.tags.includes('outline')
    ? Math.max(0, plan.itinerary.length - 1)
    : plan.accommodations.reduce((n, a) => n + a.nights, 0);
  const budget = plan.budgetBreakdown.totalBudget;
  const over = cost.total - budget;
  lines.push(`## ${T.summary[lang]}`);
  lines.push(
    lang === 'zh'
      ? `  ${people}人 · ${plan.startDate}（${weekday(plan.startDate, lang)}）至 ${plan.endDate}（${weekday(plan.endDate, lang)}）· ${plan.itinerary.length}天${nights}晚 · ${plan.origin ?? '-'} 出发 → ${cities}`
      : `  ${people} traveller${people > 1 ? 's' : ''} · ${plan.startDate} (${weekday(plan.startDate, lang)}) to ${plan.endDate} (${weekday(plan.endDate, lang)}) · ${plan.itinerary.length} days, ${nights} nights · from ${plan.origin ?? '-'} → ${cities}`,
  );
  // Without a stated budget the plan's budget is its own total: say so rather than "of a budget".
  const noBudget = Math.abs(budget - cost.total) < 0.5;
  lines.push(
    noBudget
      ? lang === 'zh'
        ? `  预计总花费 ${money(cost.total, plan.currency)}（未设预算）`
        : `  Estimated total ${money(cost.total, plan.currency)} (no budget given)`
      : lang === 'zh'
        ? `  预计总花费 ${money(cost.total, plan.currency)} / 预算 ${money(budget, plan.currency)}` +
          (over > 0.5
            ? `（超出 ${money(over, plan.currency)}）`
            : budget > cost.total + 0.5
              ? `（剩余 ${money(budget - cost.total, plan.currency)}）`
              : '')
        : `  Estimated total ${money(cost.total, plan.currency)} of a ${money(budget, plan.currency)} budget` +
          (over > 0.5
            ? ` (over by ${money(over, plan.currency)})`
            : budget > cost.total + 0.5
              ? ` (${money(budget - cost.total, plan.currency)} left)`
              : ''),
  );
  renderJourneys(plan, lang, lines);
  for (const a of plan.accommodations) {
    const kind = a.roomType === 'shared_room' ? ` · ${T.dorm[lang]}` : '';
    const stars = a.starRating ? (lang === 'zh' ? ` · ${a.starRating}星` : ` · ${a.starRating}-star`) : '';
    lines.push(
      `  ${T.stay[lang]}: ${a.city ?? ''} ${a.name}${stars}${kind} · ${a.nights}${lang === 'zh' ? '晚' : ' night(s)'}`,
    );
  }
  const booked = plan.itinerary
    .flatMap((d) => d.activities)
    .filter((a) => a.bookingRequired && a.type !== 'transportation' && !RESUMED.test(a.name));
  if (booked.length > 0) {
    lines.push(
      lang === 'zh'
        ? `  需提前预约：${booked.map((a) => a.name).join('、')}`
        : `  Book ahead: ${booked.map((a) => a.name).join(', ')}`,
    );
  }
  const outline = plan.tags.includes('outline');
  if (outline) {
    const nightsAway = Math.max(0, plan.itinerary.length - 1);
    lines.push(
      lang === 'zh'
        ? `  【仅交通与住宿概要】这些目的地暂无本地数据：只列出往返交通与住宿晚数（共${nightsAway}晚，请自行预订住宿），不含景点、餐饮和酒店推荐。`
        : `  [Transport-and-stay outline only] No local data for these destinations: this lists the journey and the nights (${nightsAway} in all; book the stay yourself), with no sights, meals or hotel picks.`,
    );
  }
  renderEntryNotes(plan, lang, lines);
  lines.push('');
  for (let i = 0; i < plan.itinerary.length; i++) {
    const day = plan.itinerary[i]!;
    // An outline never prints empty days one by one: a run of free days is one block.
    if (outline && day.activities.length === 0) {
      let j = i;
      while (j + 1 < plan.itinerary.length && plan.itinerary[j + 1]!.activities.length === 0) j++;
      const last = plan.itinerary[j]!;
      const span =
        j > i
          ? lang === 'zh'
            ? `第${day.dayNumber}-${last.dayNumber}天 ${day.date} 至 ${last.date}`
            : `Days ${day.dayNumber}-${last.dayNumber} · ${day.date} to ${last.date}`
          : T.day[lang](day.dayNumber, day.date);
      lines.push(`## ${span} · ${day.destination}`);
      lines.push(`${T.theme[lang]}: ${day.theme ?? themeOf(day, lang)}`);
      lines.push(
        `  ${T.stay[lang]}: ${lang === 'zh' ? '请自行预订（无本地住宿数据）' : 'book your own (no local stay data)'}`,
      );
      lines.push('');
      i = j;
      continue;
    }
    lines.push(
      `## ${T.day[lang](day.dayNumber, day.date)} (${weekday(day.date, lang)}) · ${day.destination}`,
    );
    const theme = day.theme ?? themeOf(day, lang);
    if (theme) lines.push(`${T.theme[lang]}: ${theme}`);
    const w = day.weatherForecast;
    if (w) {
      lines.push(
        `${T.weather[lang]}: ${T.sky[lang][w.condition]} ${w.temperatureLow}~${w.temperatureHigh}°C` +
          (day.weatherProvenance?.kind === 'estimate' ? ` (${T.estimate[lang]})` : ''),
      );
    }
    for (const a of day.activities) {
      const leg = a.travelLeg;
      if (leg && a.type !== 'transportation' && leg.durationMinutes > 0) {
        const cost = leg.cost > 0 ? `, ${priceText(leg.cost, plan.currency, leg.originalCost)}` : '';
        lines.push(`    ↓ ${T.mode[lang][leg.mode]} ${durationText(leg.durationMinutes, lang)}${cost}`);
      }
      const est = a.provenance?.kind === 'estimate' ? ` [${T.estimate[lang]}]` : '';
      const book =
        a.bookingRequired && a.type !== 'transportation' && !RESUMED.test(a.name)
          ? ` 【${T.book[lang]}】`
          : '';
      let label = a.name;
      if (a.type === 'dining' && a.mealType) {
        const words = a.cuisines
          .map((c) => cuisineLabel(c, lang))
          .filter((c): c is string => !!c)
          .slice(0, 2);
        const cuisine = words.length
          ? lang === 'zh'
            ? `（${words.join('、')}）`
            : ` (${words.join(', ')})`
          : '';
        label = `${T.meal[lang][a.mealType]}: ${a.name}${cuisine}`;
      } else if (a.type === 'transportation' && leg) {
        const cost = leg.cost > 0 ? ` · ${priceText(leg.cost, plan.currency, leg.originalCost)}` : '';
        // One language: the mode word from the table; the name (service and stations, or the
        // transfer and its option) was built in the plan's language.
        label = a.transfer
          ? `${a.name} (${durationText(leg.durationMinutes, lang)}${cost})`
          : `${T.mode[lang][leg.mode]}: ${a.name} (${durationText(leg.durationMinutes, lang)}${cost})`;
      }
      const price =
        a.type !== 'transportation' && a.estimatedCost > 0
          ? ` · ${priceText(a.estimatedCost, plan.currency, a.originalCost)}`
          : '';
      const plus = a.endDayOffset ? ` (+${a.endDayOffset})` : '';
      lines.push(`  ${hhmm(a.startTime)}-${hhmm(a.endTime)}${plus}  ${label}${price}${book}${est}`);
      for (const tip of a.tips) lines.push(`      · ${tip}`);
    }
    const stay = plan.accommodations.find((x) => x.id === day.accommodationId);
    const last = day.dayNumber === plan.itinerary.length;
    lines.push(
      outline && !stay && !last
        ? `  ${T.stay[lang]}: ${lang === 'zh' ? '请自行预订（无本地住宿数据）' : 'book your own (no local stay data)'}`
        : stay
          ? `  ${T.stay[lang]}: ${stay.name}${stay.roomType === 'shared_room' ? ` (${T.dorm[lang]})` : ''}${stay.rooms > 1 ? ` ×${stay.rooms}` : ''} · ${priceText(stay.pricePerNight, plan.currency, stay.originalPricePerNight)}/${lang === 'zh' ? '晚' : 'night'}`
          : `  ${T.stay[lang]}: ${last ? T.noStay[lang] : T.noStayYet[lang]}`,
    );
    for (const tip of day.tips) lines.push(`  · ${tip}`);
    lines.push('');
  }
  lines.push(`## ${T.budget[lang]}`);
  const rows: [keyof typeof T.categories.en, number][] = [
    ['flights', cost.flights],
    ['accommodation', cost.accommodation],
    ['food', cost.food],
    ['activities', cost.activities],
    ['transportation', cost.transportation],
  ];
  for (const [key, value] of rows) {
    const share = cost.total > 0 ? ((value / cost.total) * 100).toFixed(0) : '0';
    lines.push(
      `  ${T.categories[lang][key].padEnd(lang === 'zh' ? 8 : 14)} ${money(value, plan.currency).padStart(14)}  ${share.padStart(3)}%`,
    );
  }
  lines.push(
    `  ${T.total[lang].padEnd(lang === 'zh' ? 8 : 14)} ${money(cost.total, plan.currency).padStart(14)}  / ${money(plan.budgetBreakdown.totalBudget, plan.currency)}`,
  );
  const alt = plan.alternatives;
  if (alt && (alt.flights.length > 0 || alt.hotels.length > 0)) {
    lines.push('');
    lines.push(`## ${T.alternatives[lang]}`);
    for (const f of alt.flights) {
      lines.push(
        `  ${f.date} ${f.from} → ${f.to}  ${f.flightNumber} ${f.departureTime}-${f.arrivalTime}${dayOffset(f.date, f.arrivalDate)}` +
          ` · ${money(f.pricePerPerson, plan.currency)}/${lang === 'zh' ? '人' : 'person'}` +
          (f.provenance.kind === 'estimate' ? ` [${T.estimate[lang]}]` : ''),
      );
    }
    for (const h of alt.hotels) {
      lines.push(
        `  ${h.city}: ${h.name} · ${money(h.pricePerNight, plan.currency)}/${lang === 'zh' ? '晚' : 'night'}` +
          ` · ${T.total[lang]} ${money(h.totalPrice, plan.currency)}`,
      );
    }
  }
  const dayTips = new Set(plan.itinerary.flatMap((d) => d.tips));
  const tips = plan.tips.filter((t) => !dayTips.has(t));
  if (tips.length > 0) {
    lines.push('');
    lines.push(`## ${T.tips[lang]}`);
    for (const t of tips) lines.push(`  - ${t}`);
  }
  if (plan.warnings.length > 0) {
    lines.push('');
    lines.push(`## ${T.warnings[lang]}`);
    for (const w of plan.warnings) lines.push(`  - ${lang === 'zh' ? w.messageZh : w.message}`);
  }
  return lines.join('\n');
}
