/**
 * Format of the curated transport files in knowledge/transport/ (snake_case, like the wire format):
 * `hubs.json` (airports and main rail stations of the covered cities, with transfers to the centre
 * and the buffers a traveller needs there) and `rail-links.json` (intercity rail links where rail
 * is the usual choice). Every record names its source and last-checked date; the figures are
 * editorial estimates and the offline providers label them so.
 */
import { z } from 'zod';

const Coordinates = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case kebab-case id');
const NonEmpty = z.string().min(1);
const Minutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);
const Buffer = z.object({
  domestic: z.number().int().min(0).max(300),
  international: z.number().int().min(0).max(300),
});
const Sourced = { source: NonEmpty, last_checked: z.iso.date() };

export const DatasetTransfer = z.object({
  mode: z.enum(['transit', 'bus', 'taxi']),
  name_en: NonEmpty,
  name_zh: NonEmpty,
  /** Typical minutes between the hub and the city centre. */
  minutes: Minutes,
  /** Per person (unit person) or per vehicle, in `currency`. */
  fare: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  unit: z.enum(['person', 'vehicle']),
  capacity: z.number().int().min(1).optional(),
});

export const DatasetHub = z.object({
  id: Id,
  /** Id of the covered city (knowledge/destinations/<city>.json). */
  city: Id,
  kind: z.enum(['airport', 'station']),
  /** IATA code of an airport; null for a station. */
  code: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  name_en: NonEmpty,
  name_zh: NonEmpty,
  coordinates: Coordinates,
  buffers: z.object({ arrival: Buffer, departure: Buffer }),
  /** An airport with no scheduled international flights (Osaka Itami): domestic routes only. */
  domestic_only: z.boolean().optional(),
  /**
   * Where the hub is when that is not the city it serves (Kansai Airport is in Osaka, not Kyoto):
   * printed with its name, so that a flight "to Kyoto" says where it really lands.
   */
  located_in: z.object({ en: NonEmpty, zh: NonEmpty }).optional(),
  transfers: z.array(DatasetTransfer).min(1),
  ...Sourced,
});
export type DatasetHub = z.infer<typeof DatasetHub>;

export const DatasetHubs = z.object({ about: NonEmpty, hubs: z.array(DatasetHub).min(1) });

const RailEnd = z.object({
  city_en: NonEmpty,
  city_zh: NonEmpty,
  country: z.string().regex(/^[A-Z]{2}$/),
  station_en: NonEmpty,
  station_zh: NonEmpty,
  /** Id of the station in hubs.json, for covered cities. */
  hub: Id.optional(),
});

export const DatasetRailLink = z.object({
  id: Id,
  from: RailEnd,
  to: RailEnd,
  service_en: NonEmpty,
  service_zh: NonEmpty,
  /** Typical and fastest station-to-station minutes. */
  minutes: Minutes,
  fastest_minutes: Minutes,
  departures_per_day: z.number().int().min(1),
  first_departure: z.string().regex(/^\d{2}:\d{2}$/),
  last_departure: z.string().regex(/^\d{2}:\d{2}$/),
  /** Typical fare for one adult in the stated class, in `currency`. */
  fare: z.number().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  fare_class_en: NonEmpty,
  fare_class_zh: NonEmpty,
  booking_en: NonEmpty,
  booking_zh: NonEmpty,
  /** Crosses a border (passport control at the station). */
  international: z.boolean(),
  ...Sourced,
});
export type DatasetRailLink = z.infer<typeof DatasetRailLink>;

export const DatasetRailLinks = z.object({ about: NonEmpty, links: z.array(DatasetRailLink).min(1) });
