/**
 * Format of the curated destination files in knowledge/destinations/*.json (snake_case, like the
 * wire format). One file per city. Every record names its source and the date it was last checked;
 * the offline providers (knowledge/offline) turn records into provider entities, and mark every
 * price, visit time and hour that came from editorial curation rather than a live source as an
 * estimate in plans.
 */
import { z } from 'zod';
import { parseOpeningHours } from '../../agents/planning/opening-hours.js';

const Coordinates = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case kebab-case id');
const NonEmpty = z.string().min(1);
const Day = z.iso.date();

/** An opening-hours string in the subset agents/planning/opening-hours.ts parses. */
const Hours = z.string().superRefine((value, ctx) => {
  try {
    parseOpeningHours(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `unparsable opening hours: ${(err as Error).message}` });
  }
});

/** Where a record comes from; `verification: "unverified"` is said plainly when nobody checked it live. */
const Sourced = {
  source: NonEmpty,
  last_checked: Day,
};

/** `MM-DD`, a day of the year (seasonal rules repeat every year). */
const MonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD');

/**
 * Hours that replace `hours` between two days of the year (inclusive; `from` after `to` wraps
 * over the new year, e.g. winter `11-16`..`03-31`).
 */
export const DatasetSeasonalHours = z.object({ from: MonthDay, to: MonthDay, hours: Hours });

/** Advance booking the place needs (timed entry, real-name reservation), said in both languages. */
export const DatasetBooking = z.object({
  required: z.boolean(),
  how_zh: NonEmpty,
  how_en: NonEmpty,
});

/**
 * How a traveller reaches a sight outside the centre that takes most of a day: the usual way from
 * the centre, its one-way minutes and fare per person (city currency).
 */
export const DatasetDayTrip = z.object({
  mode: z.enum(['transit', 'taxi', 'coach']),
  minutes_each_way: z.number().int().min(20).max(240),
  cost_per_person: z.number().nonnegative(),
  how_zh: NonEmpty,
  how_en: NonEmpty,
});

export const DatasetAttraction = z.object({
  id: Id,
  name_zh: NonEmpty,
  name_en: NonEmpty,
  coordinates: Coordinates,
  /** museum, landmark, park, temple, palace, street, market, shopping, nature, entertainment, viewpoint, theme-park, zoo, religious-site, historic-site, neighbourhood */
  category: NonEmpty,
  tags: z.array(NonEmpty).min(1),
  indoor: z.boolean(),
  visit_minutes: z.number().int().min(15).max(600),
  hours: Hours,
  /** Adult ticket in the city's currency; 0 = free. */
  ticket_price: z.number().nonnegative(),
  /** 0..1 within the city. */
  popularity: z.number().min(0).max(1),
  /** Other names travellers use: `长城`, `Great Wall`, `兵马俑`, `Terracotta Warriors`. */
  aliases: z.array(NonEmpty).optional(),
  /** Winter / summer hours applied by date (override `hours` on the days they cover). */
  seasonal_hours: z.array(DatasetSeasonalHours).optional(),
  /** Booking need; absent = none known (a `reservation-required` tag also means booking). */
  booking: DatasetBooking.optional(),
  /** Child (about 6-17, or under the height limit) and senior (60/65+) tickets, city currency. */
  child_price: z.number().nonnegative().optional(),
  senior_price: z.number().nonnegative().optional(),
  /** A sight outside the centre that takes its own day, and how to get there. */
  day_trip: DatasetDayTrip.optional(),
  /** True for evening things (shows, night markets, night views): planned after dinner. */
  evening: z.boolean().optional(),
  /** The part of the day the sight is best in (pandas are active in the morning): planned then. */
  best_time: z.enum(['morning']).optional(),
  ...Sourced,
});

export const DatasetRestaurant = z.object({
  id: Id,
  name_zh: NonEmpty,
  name_en: NonEmpty,
  coordinates: Coordinates,
  cuisines: z.array(NonEmpty).min(1),
  /** Average spend per person in the city's currency. */
  average_cost: z.number().positive(),
  /** 1 (cheap) .. 4 (fine dining). */
  price_level: z.number().int().min(1).max(4),
  hours: Hours,
  meals: z.array(z.enum(['breakfast', 'lunch', 'dinner'])).min(1),
  /**
   * What the place is: a restaurant serving meals (default), or a dessert shop, café, bar or snack
   * stall, which the planner never uses as a lunch or dinner.
   */
  kind: z.enum(['meal', 'dessert', 'cafe', 'bar', 'snack']).optional(),
  rating: z.number().min(0).max(5).optional(),
  ...Sourced,
});

export const DatasetHotel = z.object({
  id: Id,
  name_zh: NonEmpty,
  name_en: NonEmpty,
  coordinates: Coordinates,
  address: NonEmpty,
  type: z.enum(['hotel', 'apartment', 'hostel', 'resort', 'guesthouse']),
  stars: z.number().int().min(1).max(5),
  /** Typical nightly price of a standard double room, city currency. */
  price_per_night: z.number().positive(),
  room_type: z.enum(['entire_room', 'private_room', 'shared_room']),
  max_occupancy: z.number().int().min(1).max(12),
  minimum_nights: z.number().int().min(1).default(1),
  house_rules: z.object({
    smoking: z.boolean(),
    parties: z.boolean(),
    children_under_10: z.boolean(),
    visitors: z.boolean(),
    pets: z.boolean(),
  }),
  amenities: z.array(NonEmpty),
  rating: z.number().min(0).max(5).optional(),
  ...Sourced,
});

export const DatasetClimate = z.object({
  month: z.number().int().min(1).max(12),
  high_c: z.number().min(-60).max(55),
  low_c: z.number().min(-70).max(45),
  precipitation_days: z.number().min(0).max(31),
  humidity: z.number().int().min(0).max(100),
  /** The month's typical sky. */
  condition: z.enum(['sunny', 'cloudy', 'rainy', 'snowy', 'foggy', 'stormy']),
});

export const DestinationDataset = z
  .object({
    city: z.object({
      id: Id,
      name_zh: NonEmpty,
      name_en: NonEmpty,
      /** Other spellings people use: `Peking`, `京`, `NYC`. */
      aliases: z.array(NonEmpty).default([]),
      country: z.string().regex(/^[A-Z]{2}$/),
      region: NonEmpty,
      coordinates: Coordinates,
      timezone: NonEmpty,
      currency: z.string().regex(/^[A-Z]{3}$/),
      airports: z.array(z.string().regex(/^[A-Z]{3}$/)).min(1),
      /** Places must lie within this distance of the centre (km). */
      radius_km: z.number().positive().max(150),
      ...Sourced,
    }),
    profile: z.object({
      best_seasons: z.array(z.enum(['spring', 'summer', 'autumn', 'winter'])).min(1),
      styles: z.array(NonEmpty).min(1),
      daily_cost_per_person: z.number().positive(),
      highlights: z.array(NonEmpty).min(3),
      summary_zh: NonEmpty,
      summary_en: NonEmpty,
    }),
    /**
     * The city's headline sights (what a first-time visitor expects to see), most important first, as
     * attraction ids of this file. The planner keeps them when the trip has room and says so when not.
     */
    headlines: z.object({ ids: z.array(Id).min(1).max(6), ...Sourced }).optional(),
    attractions: z.array(DatasetAttraction).min(25),
    restaurants: z.array(DatasetRestaurant).min(15),
    hotels: z.array(DatasetHotel).min(8),
    climate: z.array(DatasetClimate).length(12),
    tips: z
      .array(z.object({ zh: NonEmpty, en: NonEmpty, tags: z.array(NonEmpty).default([]), ...Sourced }))
      .min(3),
  })
  .superRefine((d, ctx) => {
    const ids = new Set(d.attractions.map((a) => a.id));
    (d.headlines?.ids ?? []).forEach((id, i) => {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['headlines', 'ids', i], message: `no attraction "${id}"` });
    });
  });
export type DestinationDataset = z.infer<typeof DestinationDataset>;
