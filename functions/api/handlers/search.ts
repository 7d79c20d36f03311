/**
 * The search function: POST /v1/search/flights, POST /v1/search/hotels and
 * GET /v1/knowledge/search (the knowledge base, knowledge/rag).
 */
import { searchKnowledge } from '../../../agents/knowledge/search.js';
import { sharedKnowledge } from '../../../knowledge/rag/shared.js';
import { createFunctionHandler } from '../http.js';
import { searchFlights, searchHotels } from '../services/search.js';

export const handler = createFunctionHandler('search', {
  searchFlights: async (req, rt) => ({
    data: await searchFlights(rt.providers, req.body),
  }),
  searchHotels: async (req, rt) => ({
    data: await searchHotels(rt.providers, req.body),
  }),
  searchKnowledge: async (req) => {
    const { q, ...filters } = req.query;
    return { data: await searchKnowledge((await sharedKnowledge()).retriever, { query: q, ...filters }) };
  },
});
