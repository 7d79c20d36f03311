/**
 * Provider ports: every fact a plan states (a city, a flight, a stay, a place, a meal, a travel
 * time, a forecast, an exchange rate) comes through one of these. Offline adapters over bundled
 * open data (knowledge/offline) and benchmark adapters implement them today; online adapters
 * (Amadeus, Open-Meteo, OpenStreetMap, ...) implement the same interfaces later.
 *
 * Conventions: times of day are local `HH:MM`; dates `YYYY-MM-DD`; money is a plain number with an
 * explicit ISO-4217 currency; every returned entity has a stable `id` and a {@link Provenance}.
 * `null` / empty results mean "the provider has nothing", never "error": failures throw.
 */
import type { Coordinates } from '../schemas/common.js';
import type { Provenance, WeatherInfo } from '../schemas/travel-plan.js';
import type { HouseRule, IntercityMode, RoomType } from '../schemas/trip-request.js';

/** A city the planner can route through. */
export interface CityInfo {
  /** Stable id, e.g. `beijing`, `geonames:1816670`, `tp:Rockford`. */
  id: string;
  /** Display name in the city's main language. */
  name: string;
  nameEn: string;
  nameZh?: string | undefined;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** State / province. */
  region?: string | undefined;
  coordinates?: Coordinates | undefined;
  /** IANA zone. */
  timezone?: string | undefined;
  /** Currency prices in this city are quoted in. */
  currency: string;
  population?: number | undefined;
  provenance: Provenance;
}

export interface GeoProvider {
  /** Resolves a city by any of its names (Chinese or English, case-insensitive); null if unknown. */
  resolveCity(
    name: string,
    hint?: { country?: string | null; region?: string | null },
  ): Promise<CityInfo | null>;
  /** Cities of a state/province/country the provider can plan in, most notable first. */
  citiesInRegion(region: string): Promise<CityInfo[]>;
}

/** One flight option. `price` is per passenger in `currency`. */
export interface FlightOffer {
  id: string;
  flightNumber: string;
  airline: string;
  fromCity: string;
  toCity: string;
  fromAirport?: string | undefined;
  toAirport?: string | undefined;
  /** Local date and time of departure and arrival. */
  date: string;
  departureTime: string;
  arrivalTime: string;
  /** Arrival date when it differs from `date` (overnight flights). */
  arrivalDate?: string | undefined;
  durationMinutes: number;
  stops: number;
  layovers: { airport: string; durationMinutes: number }[];
  price: number;
  currency: string;
  cabinClass: 'economy' | 'premium_economy' | 'business' | 'first';
  distanceKm?: number | undefined;
  provenance: Provenance;
}

export interface FlightSearch {
  from: CityInfo;
  to: CityInfo;
  date: string;
  passengers: number;
  cabinClass: FlightOffer['cabinClass'];
}

export interface FlightProvider {
  search(query: FlightSearch): Promise<FlightOffer[]>;
}

/** One stay option. `pricePerNight` is per room (or per listing) in `currency`. */
export interface HotelOffer {
  id: string;
  name: string;
  /** The name in Chinese and in English, when known (the plan names it in its own language). */
  nameZh?: string | undefined;
  nameEn?: string | undefined;
  city: string;
  type: 'hotel' | 'apartment' | 'hostel' | 'resort' | 'guesthouse';
  address?: string | undefined;
  coordinates?: Coordinates | undefined;
  stars?: number | undefined;
  /** 0..5 */
  rating?: number | undefined;
  roomType: RoomType;
  pricePerNight: number;
  currency: string;
  /** People one room / listing sleeps. */
  maxOccupancy: number;
  minimumNights: number;
  /** What the stay allows; a rule missing from the map is unknown. */
  houseRules: Partial<Record<HouseRule, boolean>>;
  amenities: string[];
  provenance: Provenance;
}

export interface HotelSearch {
  city: CityInfo;
  checkIn: string;
  checkOut: string;
  guests: number;
}

export interface HotelProvider {
  search(query: HotelSearch): Promise<HotelOffer[]>;
}

/** Weekly opening hours: per weekday (0 = Sunday .. 6 = Saturday) a list of `[open, close]` minutes after midnight. `null`: unknown. */
export type WeeklyHours = [number, number][][];

/** An attraction / point of interest. */
export interface Attraction {
  id: string;
  name: string;
  nameZh?: string | undefined;
  nameEn?: string | undefined;
  city: string;
  coordinates?: Coordinates | undefined;
  address?: string | undefined;
  /** e.g. museum, park, landmark, temple, shopping, entertainment, nature, food-street. */
  category: string;
  tags: string[];
  indoor?: boolean | undefined;
  /** Typical visit length. Unknown -> the planner assumes a default and marks it an estimate. */
  visitMinutes?: number | undefined;
  /** Unknown -> null (the planner assumes daytime hours and marks them an estimate). */
  hours: WeeklyHours | null;
  /** Ticket per adult; 0 = free; undefined = unknown. */
  ticketPrice?: number | undefined;
  currency: string;
  /** 0..1 relative popularity within the city. */
  popularity?: number | undefined;
  rating?: number | undefined;
  /** Other names travellers use for it (either language). */
  aliases?: string[] | undefined;
  /**
   * 1 for the city's first headline sight (what a first-time visitor expects to see), 2 for the
   * next...; undefined when the source does not rank it as a headline.
   */
  headlineRank?: number | undefined;
  /** Hours that replace `hours` between two days of the year (`MM-DD`, inclusive, may wrap). */
  seasonalHours?: { from: string; to: string; hours: WeeklyHours }[] | undefined;
  /** Advance booking needed (timed entry, real-name reservation) and how, in both languages. */
  booking?: { required: boolean; howZh: string; howEn: string } | undefined;
  /** Child and senior tickets in `currency`, when known. */
  childPrice?: number | undefined;
  seniorPrice?: number | undefined;
  /** A sight outside the centre that takes its own day: how to get there from the centre. */
  dayTrip?:
    | {
        mode: 'transit' | 'taxi' | 'coach';
        minutesEachWay: number;
        costPerPerson: number;
        howZh: string;
        howEn: string;
      }
    | undefined;
  /** An evening thing (show, night market, night view): planned after dinner. */
  evening?: boolean | undefined;
  /** The part of the day the place is best in: a morning sight is the day's first visit. */
  bestTime?: 'morning' | undefined;
  provenance: Provenance;
}

export interface AttractionProvider {
  attractions(city: CityInfo): Promise<Attraction[]>;
}

export interface Restaurant {
  id: string;
  name: string;
  nameZh?: string | undefined;
  nameEn?: string | undefined;
  city: string;
  coordinates?: Coordinates | undefined;
  cuisines: string[];
  /** Average spend per person in `currency`. */
  averageCost: number;
  currency: string;
  rating?: number | undefined;
  /** Meals it serves, when known. */
  meals?: ('breakfast' | 'lunch' | 'dinner')[] | undefined;
  /** A restaurant (`meal`, the default) or a dessert shop, café, bar or snack stall (never a lunch or dinner). */
  kind?: 'meal' | 'dessert' | 'cafe' | 'bar' | 'snack' | undefined;
  hours: WeeklyHours | null;
  provenance: Provenance;
}

export interface RestaurantProvider {
  restaurants(city: CityInfo): Promise<Restaurant[]>;
}

/** A way to get from one city to another other than a scheduled flight. */
export interface GroundOption {
  mode: Exclude<IntercityMode, 'flight'>;
  durationMinutes: number;
  distanceKm: number;
  /** Cost per `unit` in `currency`. */
  cost: number;
  currency: string;
  /** What one `cost` buys: a ticket (per person) or a vehicle (with `capacity` people). */
  unit: 'person' | 'vehicle';
  capacity?: number | undefined;
  /** Rail: the service (e.g. "High-speed rail (G trains)"), stations at each end and daily departures, when known. */
  service?: { en: string; zh: string } | undefined;
  fromStation?: string | undefined;
  toStation?: string | undefined;
  departuresPerDay?: number | undefined;
  provenance: Provenance;
}

export interface IntercityProvider {
  /** Ground options between two cities (train, bus, self-driving, taxi); empty when none. */
  options(from: CityInfo, to: CityInfo, date: string): Promise<GroundOption[]>;
}

/** One way between an airport or station and the city centre. */
export interface TransferOption {
  mode: 'transit' | 'bus' | 'taxi';
  name: { en: string; zh: string };
  durationMinutes: number;
  /** Per `unit` in `currency`: a ticket (per person) or a vehicle (with `capacity` people). */
  cost: number;
  currency: string;
  unit: 'person' | 'vehicle';
  capacity?: number | undefined;
  provenance: Provenance;
}

/** An airport or rail station of a city, with its transfers and the buffers a traveller needs there. */
export interface Terminal {
  id: string;
  kind: 'airport' | 'station';
  /** IATA code of an airport. */
  code?: string | undefined;
  name: { en: string; zh: string };
  /** The place the hub is in when it is not the city it serves (Kansai Airport: Osaka, for Kyoto). */
  locatedIn?: { en: string; zh: string } | undefined;
  coordinates?: Coordinates | undefined;
  /** Minutes after arrival until the traveller leaves the hub (baggage, immigration). */
  arrivalBuffer: { domestic: number; international: number };
  /** Minutes before departure the traveller must be there (check-in, security). */
  departureBuffer: { domestic: number; international: number };
  /** Ways to the city centre, fastest-reasonable first; never empty. */
  transfers: TransferOption[];
  provenance: Provenance;
}

export interface TerminalProvider {
  /**
   * The airport (by IATA `ref`) or station (by id or name `ref`, else the city's main one) of a
   * city; null when nothing is known about it.
   */
  terminal(city: CityInfo, kind: Terminal['kind'], ref?: string): Terminal | null;
}

/** Travel within a city between two points. */
export interface LocalLeg {
  mode: 'walk' | 'transit' | 'taxi';
  durationMinutes: number;
  distanceKm: number;
  /** Cost for one person (transit) or one vehicle (taxi) in `currency`. */
  cost: number;
  currency: string;
  unit: 'person' | 'vehicle';
  capacity?: number | undefined;
  provenance: Provenance;
}

export interface LocalTransitProvider {
  /** Options between two points of one city, fastest-reasonable first. */
  legs(city: CityInfo, from: Coordinates | undefined, to: Coordinates | undefined): LocalLeg[];
}

export interface WeatherProvider {
  /** The forecast (or climate normal) for a city on a date; null when unknown. */
  forecast(city: CityInfo, date: string): Promise<(WeatherInfo & { provenance: Provenance }) | null>;
}

export interface ExchangeRateProvider {
  /** Converts an amount; throws when a currency is unknown. */
  convert(amount: number, from: string, to: string): number;
  /** The table's date, for provenance. */
  readonly asOf: string;
}

/** The knowledge-base document a snippet comes from: what an answer cites. */
export interface KnowledgeCitation {
  /** Document id (one language version), e.g. `paris.guide.getting-around.en`. */
  docId: string;
  /** Chunk id inside the document, e.g. `paris.guide.getting-around.en#0`. */
  chunkId: string;
  /** Where the facts come from, in words. */
  source: string;
  /** `YYYY-MM-DD` the facts were last checked. */
  lastChecked: string;
  /** Editorial facts not verified against the official source. */
  unverified: boolean;
}

/** A snippet of local knowledge (tips, customs, transport notes) with its source. */
export interface KnowledgeSnippet {
  id: string;
  title: string;
  text: string;
  city?: string | undefined;
  tags: string[];
  language: 'zh' | 'en';
  provenance: Provenance;
  /** The knowledge-base document to cite (knowledge-base adapters set it). */
  citation?: KnowledgeCitation | undefined;
}

/** Destination facts the recommendation agent ranks. */
export interface DestinationProfile {
  city: CityInfo;
  /** Season names it is best in. */
  bestSeasons: ('spring' | 'summer' | 'autumn' | 'winter')[];
  /** Styles it suits: romantic, family, culture, food, nature, shopping, adventure, ... */
  styles: string[];
  /** Typical daily spend per person (stay share, food, sights) in `currency`. */
  dailyCostPerPerson: number;
  currency: string;
  highlights: string[];
  /** The highlights in Chinese (the city's best-known sights by their Chinese names), when known. */
  highlightsZh?: string[] | undefined;
  /** How many of the city's sights carry each tag or category (lower-case): evidence for a style. */
  sightTags?: Record<string, number> | undefined;
  /** Number of sights `sightTags` counts over. */
  sightCount?: number | undefined;
  summary: { zh: string; en: string };
  provenance: Provenance;
}

export interface KnowledgeProvider {
  search(query: {
    text: string;
    city?: string;
    language?: 'zh' | 'en';
    limit?: number;
  }): Promise<KnowledgeSnippet[]>;
  destinations(): Promise<DestinationProfile[]>;
  /**
   * The entry and visa note for holders of `passportCountry` (ISO alpha-2) travelling to
   * `destinationCountry`, in `language`: general guidance with its last-checked date in the
   * citation; null when the knowledge base has none (or the trip is domestic). Optional: a provider
   * without entry notes leaves it out.
   */
  entryNote?(query: {
    destinationCountry: string;
    passportCountry: string;
    language: 'zh' | 'en';
  }): Promise<KnowledgeSnippet | null>;
}

/** Everything the planner reads, injected as one bundle. */
export interface Providers {
  geo: GeoProvider;
  flights: FlightProvider;
  hotels: HotelProvider;
  attractions: AttractionProvider;
  restaurants: RestaurantProvider;
  intercity: IntercityProvider;
  local: LocalTransitProvider;
  weather: WeatherProvider;
  rates: ExchangeRateProvider;
  knowledge: KnowledgeProvider;
  /** Airports and stations with their transfers; without it, journeys start and end in the city centre. */
  terminals?: TerminalProvider | undefined;
}
