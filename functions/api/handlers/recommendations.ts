/**
 * The recommendations function: GET /v1/recommendations/destinations (recommendation agent).
 */
import { recommendDestinations } from '../../../agents/planning/recommendation-agent.js';
import { createFunctionHandler } from '../http.js';
import { assertKnownCurrency } from '../services/common.js';

export const handler = createFunctionHandler('recommendations', {
  recommendDestinations: async (req, rt) => {
    const q = req.query;
    if (q.currency) assertKnownCurrency(rt.providers.rates, q.currency, 'currency');
    const recommendations = await recommendDestinations(rt.providers.knowledge, rt.providers.rates, {
      season: q.season,
      budget: q.budget,
      currency: q.currency,
      style: q.style,
      duration: q.duration,
      limit: q.limit,
      language: req.lang,
    });
    return { data: { recommendations } };
  },
});
