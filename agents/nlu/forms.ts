/**
 * Form-like requests: `key: value` lines, bullet or numbered lists, 【标签】值. Each line whose key
 * names a field is rewritten as the phrase the parser reads in prose (`出发地：成都` -> `从成都出发`,
 * `Days: 4` -> `4 days`, `Travelers: 2` -> `2 people`), and the lines are joined as clauses, so that
 * a number on one line is never read with the word on the next (`人数：4` / `天数：3`).
 * Lines with no known key are kept as they are.
 */

type Field =
  | 'origin'
  | 'destination'
  | 'days'
  | 'party'
  | 'adults'
  | 'children'
  | 'budget'
  | 'hotel'
  | 'visit'
  | 'avoid'
  | 'other';

/** Keys, lower case, by field. `other` keys are dropped and their value kept (`出行时间: 五一` -> `五一`). */
const KEYS: [Field, string][] = [
  [
    'origin',
    '出发地|出发城市|出发地点|始发地|出发|起点|从|从哪出发|从哪里出发|从哪儿出发|哪里出发|在哪出发|origin city|origin|from|departure city|departure|departing from|departing|leaving from|start city|start|home|where from',
  ],
  [
    'destination',
    '目的地|目的城市|目的地城市|城市|去|到|终点|去哪|去哪儿|去哪里|想去哪|去哪玩|destinations|destination|cities|city|to|where to|going to|arrival city|arrival|end city|end',
  ],
  ['days', '天数|行程天数|时长|游玩天数|days|duration|length|trip length|how long|nights'],
  [
    'party',
    '人数|人员|出行人数|同行人数|同行人员|同行|出行人员|travelers|travellers|people|party size|party|group size|group|who|how many|pax|number of travelers|number of travellers|number of people|number of guests|number of persons|no. of travelers|no. of travellers|no. of people|guests|participants',
  ],
  ['adults', '成人|大人|成人人数|大人人数|adults|number of adults|no. of adults'],
  ['children', '儿童|小孩|儿童人数|小孩人数|children|kids|number of children|number of kids|no. of children'],
  ['budget', '总预算|预算|budget range|budget|total budget'],
  ['hotel', '住宿|酒店|住宿标准|hotel|hotels|accommodation|lodging'],
  ['visit', '必去|想去|必看|must see|must visit|must-see|must-visit|want to see'],
  ['avoid', '不去|不想去|避开|avoid|skip|not interested in'],
  [
    'other',
    '时间|出行时间|日期|出发日期|出发时间|几号|交通|交通方式|节奏|备注|when|dates|date|transport|mode|pace|notes|note|other',
  ],
];

const KEY_FIELD = new Map<string, Field>();
for (const [field, keys] of KEYS) for (const k of keys.split('|')) KEY_FIELD.set(k, field);
const KEY_ALT = [...KEY_FIELD.keys()].sort((a, b) => b.length - a.length).join('|');

/** `- 出发地：成都`, `1. Days: 4`, `【目的地】桂林`, `Start city - Hanoi`, `• 出发地 杭州`. */
const LINE = new RegExp(
  String.raw`^\s*(?:[-*•·]|\d{1,2}[.、)]|[(（]?\d{1,2}[)）])?\s*(?:【\s*(${KEY_ALT})\s*】|(${KEY_ALT})\s*(?:[:：]|\s[-–—]\s|(?<=\p{Script=Han})\s+(?=\S)))\s*(.+?)\s*$`,
  'iu',
);
const BARE_NUMBER =
  /^(?:\d{1,3}|[一二两三四五六七八九十]{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)$/i;
/** A count of people with a note in brackets: `1 (myself)`, `2（含我）`. */
const NOTED_COUNT = /^(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*([(（][^)）]*[)）])$/;
const RETURN_KEY = /^(?:返回日期|返程日期|回程日期|返回时间|return(?: date)?|back)\s*[:：]\s*(.+)$/i;

/** Rewrites a form-like request (two or more field lines) as clauses; other text is returned as is. */
export function rewriteForm(text: string, lang: 'zh' | 'en'): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let fields = 0;
  for (const row of lines) {
    const line = tableRow(row);
    if (line === undefined) continue;
    const back = RETURN_KEY.exec(line.trim());
    if (back) {
      fields++;
      out.push(lang === 'zh' ? `到${back[1]}` : `until ${back[1]}`);
      continue;
    }
    const m = LINE.exec(line);
    if (!m) {
      if (line.trim()) out.push(line.trim());
      continue;
    }
    const key = (m[1] ?? m[2]!).toLowerCase();
    const value = m[3]!;
    fields++;
    out.push(phrase(KEY_FIELD.get(key) ?? 'other', value, lang));
  }
  if (fields < 2) return text;
  return out.join(lang === 'zh' ? '。' : '. ');
}

/**
 * A Markdown table row: `| 出发 | 深圳 |` becomes `出发: 深圳`; the rule row (`|---|---|`) is
 * dropped (undefined). Other lines are returned as they are.
 */
function tableRow(line: string): string | undefined {
  const m = /^\s*\|(.*)\|\s*$/.exec(line);
  if (!m) return line;
  const cells = m[1]!.split('|').map((c) => c.trim());
  if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) return undefined;
  return cells.length === 2 ? `${cells[0]}: ${cells[1]}` : cells.join(' ');
}

/** How a form's party count is said in prose, in Chinese and English. */
const PARTY_WORDS: Record<'party' | 'adults' | 'children', [(v: string) => string, (v: string) => string]> = {
  party: [(v) => `${v}人`, (v) => `${v} people`],
  // Kept as a field (`adults: 2`): a bare `2 adults` after `March.` would read as a date.
  adults: [(v) => `成人：${v}`, (v) => `adults: ${v}`],
  children: [(v) => `儿童：${v}`, (v) => `children: ${v}`],
};

function phrase(field: Field, value: string, lang: 'zh' | 'en'): string {
  // The count of a party field is read without its note: `Pax: 1 (myself)` -> `1 people (myself)`.
  const noted = /^(?:party|adults|children)$/.test(field) ? NOTED_COUNT.exec(value) : null;
  const v = noted ? noted[1]! : value;
  const bare = BARE_NUMBER.test(v);
  const zh = lang === 'zh';
  switch (field) {
    case 'origin':
      return zh ? `从${v}出发` : `from ${v}`;
    case 'destination':
      // `Beijing 3 days, Shanghai 3 days`: cities with their lengths read as in prose.
      if (/[,，、;；]/.test(v) && /\d\s*(?:days?|nights?|天|日|晚)/i.test(v)) return v;
      return zh ? `去${v}` : `to ${v}`;
    case 'days':
      return bare ? (zh ? `${v}天` : `${v} days`) : v;
    case 'party':
    case 'adults':
    case 'children':
      return bare ? `${PARTY_WORDS[field][zh ? 0 : 1](v)}${noted ? ` ${noted[2]}` : ''}` : v;
    case 'budget':
      return zh ? `预算${v}` : `budget ${v}`;
    case 'hotel':
      return zh ? `住宿${v}` : /hotel|hostel|resort|ryokan/i.test(v) ? v : `${v} hotel`;
    case 'visit':
      return zh ? `必去${v}` : `must see ${v}`;
    case 'avoid':
      return zh ? `不去${v}` : `skip ${v}`;
    default:
      return v;
  }
}
