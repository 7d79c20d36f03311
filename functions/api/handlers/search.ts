/**
 * The search function: POST /v1/search/flights and POST /v1/search/hotels.
 */
import { createFunctionHandler } from '../http.js';
import { searchFlights, searchHotels } from '../services/search.js';

export const handler = createFunctionHandler('search', {
  searchFlights: async (req, rt) => ({
    data: await searchFlights(rt.providers, req.body),
  }),
  searchHotels: async (req, rt) => ({
    data: await searchHotels(rt.providers, req.body),
  }),
});
