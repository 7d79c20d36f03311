/**
 * The search function: POST /v1/search/flights and POST /v1/search/hotels.
 */
import { createFunctionHandler, type ApiRequest } from '../http.js';
import type { FlightSearchBody, HotelSearchBody } from '../route-schemas.js';
import { searchFlights, searchHotels } from '../services/search.js';

export const handler = createFunctionHandler('search', {
  searchFlights: async (req: ApiRequest<FlightSearchBody>, rt) => ({
    data: await searchFlights(rt.providers, req.body),
  }),
  searchHotels: async (req: ApiRequest<HotelSearchBody>, rt) => ({
    data: await searchHotels(rt.providers, req.body),
  }),
});
