/**
 * Flight and hotel search for the REST handlers: the implementation lives in
 * agents/search/travel-search.ts, shared with the travel tools (MCP server, chat agent).
 */
export { searchFlights, searchHotels } from '../../../agents/search/travel-search.js';
