/** The trip budget: amount, currency, per person or for the whole party, and a nightly room cap. */
import type { ParseContext } from './context.js';
import { consume } from './context.js';
import { currencyOf } from './lexicon.js';
import { findMoney } from './money.js';
import type { Money } from './money.js';

export interface BudgetResult {
  amount: number;
  currency: string;
  perPerson: boolean;
  /** Lower bound of a range. */
  minAmount?: number;
  /** `一个人预算五百`: per head if the party has more than one person (the party is read later). */
  perHeadIfParty?: boolean;
  /** `$150 a day`, `每天500`: the amount is for one day (the trip's length turns it into a total). */
  perDay?: boolean;
  confidence: number;
}

const KEYWORD_BEFORE =
  /(?:总预算|预算|经费|花费|花销|开销|费用|总共花|一共花|一共|总共|合计|控制在|不超过|不要超过|以内|budget|spend|spending|afford|up to|at most|maximum|max|no more than|cap of|total of|allows? us to spend)[^,。;!?\n]{0,14}$/i;
const KEYWORD_AFTER =
  /^[^,。;!?\n]{0,6}(?:以内|以下|之内|的预算|预算|左右|上下|budget)|^\s*(?:in\s+total|total\b|all[- ](?:in|up)\b|altogether\b)/i;
const PER_PERSON_BEFORE =
  /(?:人均|每人|每个人|一人|每位|平均每人|per[- ]person|per head|per-head)[^,。;!?\n]{0,10}$|\beach\s+(?:(?:have|has|got|get|gets|had|can\s+spend|spend)\s+)?(?:got\s+)?(?:about|around|roughly|up\s+to|maybe)?\s*$|\beach[^,。;!?\n]{0,10}$|(?:一个人|一位)$/i;
const PER_PERSON_AFTER =
  /^\s*(?:(?:[A-Za-z]{3}|dollars?|euros?|yuan|pounds?|bucks)\s+)?(?:\/\s*人|每人|一人|一个人|每个人|per person|per head|a head|pp\b|p\.p\.|each\b|ech\b|per traveler|per traveller|\/person|per pax|\/\s*pax|a pax|each pax|per adult|apiece)/i;
/** Words that correct an earlier amount (`算了，还是`, `make it`, `actually`, `? no`). */
const CORRECTS =
  /算了|还是|改成|不对|其实|可以到|更正|actually|make\s+it|instead|stretch|correction|\?\s*no\b|scratch/i;
/** A later word on the scope of the amount: `I meant per person, not total`, `说错了，是人均`. */
const SCOPE_CORRECTION =
  /\b(?:meant|make\s+(?:it|that)|actually|sorry|correction|rather)\b[^.!?\n\d]{0,12}?\b(per\s+person|per\s+head|each|pp|in\s+total|total|for\s+(?:all|everyone|the\s+group))\b|(?:说错了|应该是|我是说|其实是|改成|不是总的)[^。！？\n]{0,4}?(人均|每人|每个人|总共|一共|总预算)/i;
/** A currency named after the amount: `a grand each in Aussie dollars`, `2000, in euros`. */
const CURRENCY_LATER =
  /^[^.!?\n]{0,24}?\bin\s+((?:hong\s+kong|hk|singapore|aussie|australian|canadian|new\s+zealand|nz|us|american)\s+dollars?|euros?|pounds?|yen|[A-Z]{3}\b)/i;
/** `一个人预算`, `一人的费用`: a budget for one of the party, or for a solo traveller. */
const ONE_PERSON_BEFORE = /(?:一个人|一人)(?:的)?(?:预算|花费|费用)[^,。;!?\n]{0,4}$/;
const PER_NIGHT_AFTER = /^\s*(?:\/\s*晚|每晚|一晚|一个晚上|per night|a night|\/night|nightly)/i;
const PER_NIGHT_BEFORE = /(?:每晚|一晚|房费|房价|per night|a night|nightly|room rate)[^,。;!?\n]{0,8}$/i;
/** `每天500`, `日均300`, `a daily budget of $80`: an amount for one day of the trip. */
const PER_DAY_BEFORE =
  /(?:每天|每日|一天|日均|平均每天|每一天)(?:的)?(?:预算|花费|开销|花|消费)?(?:大概|大约|约|控制在|不超过|最多)?\s*$|\b(?:daily\s+budget|per\s+day)\s+(?:of\s+|is\s+|at\s+|around\s+|about\s+)*$/i;
const PER_DAY_AFTER =
  /^\s*(?:(?:[A-Za-z]{3}|dollars?|euros?|yuan|pounds?|bucks)\s+)?(?:(?:per\s+person|pp|each)\s+)?(?:\/\s*天|每天|一天|\/\s*日|per\s+day|a\s+day|\/\s*day|daily\b|each\s+day)/i;
const NOT_MONEY_AFTER =
  /^\s*(?:人|位|个|天|日|晚|夜|岁|号|月|年|星|点|分|小时|公里|千米|km|people|persons?|adults?|kids?|children|days?|nights?|weeks?|years?|stars?|cities|city|am|pm|:)/i;

/** Finds the trip budget in the working text (per-category budgets were masked before). */
export function extractBudget(ctx: ParseContext): BudgetResult | undefined {
  const text = ctx.text;
  let best: { money: Money; score: number; perPerson: boolean; perDay: boolean } | undefined;
  let corrected = false;
  for (const money of findMoney(text)) {
    const before = text.slice(Math.max(0, money.start - 24), money.start);
    const after = text.slice(money.end, money.end + 16);
    if (NOT_MONEY_AFTER.test(after) && !money.currency) continue;
    if (PER_NIGHT_AFTER.test(after) || PER_NIGHT_BEFORE.test(before)) {
      if (money.currency || /预算|budget|不超过|以内|under|below|max/i.test(before + after)) {
        ctx.request.accommodation = { ...ctx.request.accommodation!, maxPricePerNight: money.amount };
      }
      continue;
    }
    // Read on the unmasked text: the length reader may have masked `一天` already.
    const perDay =
      PER_DAY_BEFORE.test(ctx.original.slice(Math.max(0, money.start - 24), money.start)) ||
      PER_DAY_AFTER.test(ctx.original.slice(money.end, money.end + 16));
    const keyword = KEYWORD_BEFORE.test(before) || KEYWORD_AFTER.test(after) || perDay;
    const perPerson = PER_PERSON_BEFORE.test(before) || PER_PERSON_AFTER.test(after);
    if (!keyword && !money.currency && !perPerson) continue;
    if (money.amount < 10) continue;
    const score = (keyword ? 2 : 0) + (money.currency ? 1 : 0) + (/总预算|total/i.test(before) ? 1 : 0);
    // A later amount after a correction word replaces the one it corrects.
    const corrects = !!best && CORRECTS.test(text.slice(best.money.end, money.start));
    if (!best || score > best.score || corrects) {
      corrected ||= corrects;
      best = { money, score: corrects ? Math.max(score, best!.score) : score, perPerson, perDay };
    }
  }
  if (!best) return undefined;
  const { money } = best;
  let perPerson = best.perPerson;
  // Read on the unmasked text: `make it 6 days total` corrects the days, not the scope.
  const scope = SCOPE_CORRECTION.exec(ctx.original.slice(money.end));
  if (scope) perPerson = /person|head|each|pp|人均|每/i.test(scope[1] ?? scope[2]!);
  consume(ctx, money.start, money.end);
  let currency = money.currency;
  // `a grand each in Aussie dollars`: the currency named after the amount.
  const later =
    currency === undefined || currency === 'USD' ? CURRENCY_LATER.exec(text.slice(money.end)) : null;
  if (later) currency = currencyOf(later[1]!) ?? currency;
  if (!currency) {
    // `人均1000` in an English request is still yuan: the words around the amount decide.
    const around = text.slice(Math.max(0, money.start - 6), money.end + 3);
    currency = ctx.lang === 'zh' || /\p{Script=Han}/u.test(around) ? 'CNY' : 'USD';
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `预算未注明币种，按人民币（CNY）理解。`
        : `The budget names no currency; read as ${currency}.`,
    );
  }
  if (money.low !== undefined) {
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `预算给的是范围（${money.low}–${money.amount}），取上限。`
        : `The budget is a range (${money.low}-${money.amount}); the upper bound is used.`,
    );
  }
  if (corrected)
    ctx.notes.push(
      ctx.lang === 'zh'
        ? `预算按更正后的金额（${money.amount}）。`
        : `The corrected budget (${money.amount}) is used.`,
    );
  const onePerson =
    !perPerson && ONE_PERSON_BEFORE.test(text.slice(Math.max(0, money.start - 12), money.start));
  return {
    amount: money.amount,
    currency,
    perPerson,
    ...(onePerson ? { perHeadIfParty: true } : {}),
    ...(best.perDay ? { perDay: true } : {}),
    ...(money.low !== undefined ? { minAmount: money.low } : {}),
    // `$300 each`: a currency and a scope are as clear as a budget keyword.
    confidence: best.score >= 2 || (money.currency && perPerson) ? 0.95 : 0.7,
  };
}
