/**
 * Renders a TravelPlan as readable text in Chinese or English: a timeline per day (times, places,
 * the leg before each, meals, the hotel), weather, the budget table and the warnings. Every line
 * comes from the plan; nothing is invented here. Items marked as estimates say so.
 */
import type { TravelPlan } from '../schemas/travel-plan.js';
import { costPlan } from './budget-agent.js';

type Lang = 'zh' | 'en';

const T = {
  day: { zh: (n: number, d: string) => `第${n}天 ${d}`, en: (n: number, d: string) => `Day ${n} · ${d}` },
  stay: { zh: '住宿', en: 'Stay' },
  noStay: { zh: '（返程，无需住宿）', en: '(return day, no stay)' },
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
const money = (n: number, currency: string) => `${Math.round(n).toLocaleString('en-US')} ${currency}`;

export function renderPlanText(plan: TravelPlan, lang: Lang): string {
  const lines: string[] = [];
  const people = plan.travelerCount;
  lines.push(`# ${plan.title}`);
  lines.push(
    lang === 'zh'
      ? `${plan.startDate} 至 ${plan.endDate} · ${people}人 · 出发地 ${plan.origin ?? '-'}`
      : `${plan.startDate} to ${plan.endDate} · ${people} traveller(s) · from ${plan.origin ?? '-'}`,
  );
  lines.push('');
  for (const day of plan.itinerary) {
    lines.push(`## ${T.day[lang](day.dayNumber, day.date)} · ${day.destination}`);
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
        const cost = leg.cost > 0 ? `, ${money(leg.cost, plan.currency)}` : '';
        lines.push(`    ↓ ${T.mode[lang][leg.mode]} ${leg.durationMinutes} min${cost}`);
      }
      const est = a.provenance?.kind === 'estimate' ? ` [${T.estimate[lang]}]` : '';
      let label = a.name;
      if (a.type === 'dining' && a.mealType) {
        const cuisine = a.cuisines.length ? ` (${a.cuisines.slice(0, 2).join(', ')})` : '';
        label = `${T.meal[lang][a.mealType]}: ${a.name}${cuisine}`;
      } else if (a.type === 'transportation' && leg) {
        const cost = leg.cost > 0 ? ` · ${money(leg.cost, plan.currency)}` : '';
        label = `${T.mode[lang][leg.mode]}: ${a.name} (${leg.durationMinutes} min${cost})`;
      }
      const price =
        a.type !== 'transportation' && a.estimatedCost > 0
          ? ` · ${money(a.estimatedCost, plan.currency)}`
          : '';
      lines.push(`  ${hhmm(a.startTime)}-${hhmm(a.endTime)}  ${label}${price}${est}`);
    }
    const stay = plan.accommodations.find((x) => x.id === day.accommodationId);
    lines.push(
      stay
        ? `  ${T.stay[lang]}: ${stay.name}${stay.rooms > 1 ? ` ×${stay.rooms}` : ''} · ${money(stay.pricePerNight, plan.currency)}/${lang === 'zh' ? '晚' : 'night'}`
        : `  ${T.stay[lang]}: ${T.noStay[lang]}`,
    );
    lines.push('');
  }
  const cost = costPlan(plan);
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
        `  ${f.date} ${f.from} → ${f.to}  ${f.flightNumber} ${f.departureTime}-${f.arrivalTime}` +
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
  if (plan.warnings.length > 0) {
    lines.push('');
    lines.push(`## ${T.warnings[lang]}`);
    for (const w of plan.warnings) lines.push(`  - ${lang === 'zh' ? w.messageZh : w.message}`);
  }
  return lines.join('\n');
}
