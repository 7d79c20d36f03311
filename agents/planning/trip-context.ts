/**
 * The shared vocabulary of the planning steps: a resolved request, the stays and legs it implies,
 * what the providers returned, and the failure an impossible request raises.
 */
import type {
  Attraction,
  CityInfo,
  FlightOffer,
  GroundOption,
  KnowledgeSnippet,
  Restaurant,
} from '../ports/providers.js';
import type { EntryNote, PlanWarning, Provenance, WeatherInfo } from '../schemas/travel-plan.js';
import type { TripRequest } from '../schemas/trip-request.js';
import type { RankedFlight } from './flight-agent.js';
import type { HotelCandidate } from './hotel-agent.js';
import type { PlanFailure } from './types.js';

/** A stay in one city. */
export interface CityStay {
  city: CityInfo;
  /** 1-based day of arrival. */
  arrivalDay: number;
  nights: number;
  checkIn: string;
  checkOut: string;
}

/** A journey between two cities on one day. */
export interface Leg {
  from: CityInfo;
  to: CityInfo;
  dayNumber: number;
  date: string;
  flights: RankedFlight[];
  ground: GroundOption[];
}

/** How one leg is travelled: a flight, or a ground option leaving at `depart` (minutes after midnight). */
export type LegChoice =
  { kind: 'flight'; flight: FlightOffer } | { kind: 'ground'; option: GroundOption; depart: number };

/** Everything the providers returned for a trip. */
export interface Gathered {
  stays: CityStay[];
  legs: Leg[];
  attractions: Map<string, Attraction[]>;
  restaurants: Map<string, Restaurant[]>;
  hotels: Map<
    string,
    {
      candidates: HotelCandidate[];
      rejected: Record<string, number>;
      offers: number;
      dorms?: HotelCandidate[];
    }
  >;
  weather: Map<string, (WeatherInfo & { provenance: Provenance }) | null>;
  tips: Map<string, KnowledgeSnippet[]>;
  /** Entry and visa notes per destination country (absent when none were looked up). */
  entryNotes?: EntryNote[];
}

/** A request with its cities, dates, party and budget resolved. */
export interface Resolved {
  request: TripRequest;
  origin: CityInfo;
  cities: CityInfo[];
  startDate: string;
  days: number;
  people: number;
  currency: string;
  budget: number | null;
  warnings: PlanWarning[];
  /** No destination has local data and the traveller accepted a transport-and-stay-only outline. */
  outline?: boolean;
}

/** An impossible request (carries the PlanFailure). */
export class PlanningFailure extends Error {
  constructor(readonly failure: PlanFailure) {
    super(failure.message);
  }
}

export const fail = (
  code: PlanFailure['code'],
  message: string,
  messageZh: string,
  details?: Record<string, unknown>,
) => new PlanningFailure({ code, message, messageZh, details });

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** A city's name in the plan's language. */
export function cityName(city: CityInfo, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? (city.nameZh ?? city.name) : city.nameEn;
}
