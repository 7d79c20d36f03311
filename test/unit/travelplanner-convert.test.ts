/**
 * TravelPlan -> TravelPlanner plan format (test/bench/travelplanner/convert.ts), on a small
 * hand-built two-city plan: flights, a self-driving leg, meals by mealType and by time, attractions,
 * stays by accommodationId and by dates.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { TravelPlan } from '../../agents/schemas/travel-plan.js';
import { toBenchPlan } from '../bench/travelplanner/convert.js';

type TravelPlanInput = z.input<typeof TravelPlan>;

const prov = {
  source: 'travelplanner:reference-info',
  retrievedAt: '2024-02-01T00:00:00Z',
  kind: 'verified' as const,
};

function activity(
  id: string,
  name: string,
  type: 'sightseeing' | 'dining' | 'transportation',
  startTime: string,
  extra: Record<string, unknown> = {},
) {
  return { id, name, type, startTime, duration: 60, location: name, provenance: prov, ...extra };
}

const input: TravelPlanInput = {
  id: 'plan_1',
  userId: 'user_local',
  title: 'Texas',
  destinations: [
    {
      id: 'dest_1',
      name: 'Dallas',
      country: 'US',
      city: 'Dallas',
      coordinates: [32.78, -96.8],
      timezone: 'America/Chicago',
      visitOrder: 0,
      arrivalDate: '2022-03-10',
      departureDate: '2022-03-11',
    },
    {
      id: 'dest_2',
      name: 'Austin',
      country: 'US',
      city: 'Austin',
      coordinates: [30.27, -97.74],
      timezone: 'America/Chicago',
      visitOrder: 1,
      arrivalDate: '2022-03-11',
      departureDate: '2022-03-12',
    },
  ],
  startDate: '2022-03-10',
  endDate: '2022-03-12',
  totalBudget: 3000,
  origin: 'Seattle',
  currency: 'USD',
  budgetBreakdown: { totalBudget: 3000 },
  createdAt: '2022-02-01T00:00:00Z',
  updatedAt: '2022-02-01T00:00:00Z',
  flights: [
    {
      id: 'flt_out',
      flightNumber: 'F100',
      airline: 'unknown',
      departureAirport: 'Seattle',
      arrivalAirport: 'Dallas',
      departureTime: '2022-03-10T08:05:00-08:00',
      arrivalTime: '2022-03-10T13:40:00-06:00',
      flightDuration: 215,
      price: 300,
      seatClass: 'economy',
      baggageAllowance: 'per airline policy',
      departureCity: 'Seattle',
      arrivalCity: 'Dallas',
      provenance: prov,
    },
    {
      id: 'flt_back',
      flightNumber: 'F200',
      airline: 'unknown',
      departureAirport: 'Austin',
      arrivalAirport: 'Seattle',
      departureTime: '2022-03-12T18:35:00-06:00',
      arrivalTime: '2022-03-12T20:58:00-08:00',
      flightDuration: 263,
      price: 280,
      seatClass: 'economy',
      baggageAllowance: 'per airline policy',
      departureCity: 'Austin',
      arrivalCity: 'Seattle',
      provenance: prov,
    },
  ],
  accommodations: [
    {
      id: 'acc_dallas',
      name: 'Cozy, quiet loft',
      type: 'apartment',
      address: 'Dallas',
      roomType: 'entire_room',
      bedConfiguration: '1 bed',
      maxOccupancy: 2,
      checkInDate: '2022-03-10',
      checkOutDate: '2022-03-11',
      nights: 1,
      pricePerNight: 100,
      totalPrice: 100,
      city: 'Dallas',
    },
    {
      id: 'acc_austin',
      name: 'Austin room',
      type: 'guesthouse',
      address: 'Austin',
      roomType: 'private_room',
      bedConfiguration: '1 bed',
      maxOccupancy: 2,
      checkInDate: '2022-03-11',
      checkOutDate: '2022-03-12',
      nights: 1,
      pricePerNight: 80,
      totalPrice: 80,
      city: 'Austin',
    },
  ],
  itinerary: [
    {
      dayNumber: 1,
      date: '2022-03-10',
      destination: 'Dallas',
      accommodationId: 'acc_dallas',
      activities: [
        activity('a1', 'F100 Seattle → Dallas', 'transportation', '2022-03-10T08:05:00-08:00', {
          city: 'Seattle',
          placeId: 'tp:flight:F100',
          travelLeg: {
            mode: 'flight',
            from: 'Seattle',
            to: 'Dallas',
            durationMinutes: 215,
            distanceKm: 2700,
            cost: 0,
            units: 1,
            provenance: prov,
          },
        }),
        activity('a2', 'The Dallas World Aquarium', 'sightseeing', '2022-03-10T15:00:00-06:00', {
          city: 'Dallas',
          travelLeg: {
            mode: 'transit',
            from: 'Airport',
            to: 'Aquarium',
            durationMinutes: 30,
            distanceKm: 20,
            cost: 0,
            units: 1,
            provenance: prov,
          },
        }),
        activity('a3', 'Castle 9', 'dining', '2022-03-10T19:00:00-06:00', {
          city: 'Dallas',
          mealType: 'dinner',
        }),
      ],
    },
    {
      dayNumber: 2,
      date: '2022-03-11',
      destination: 'Austin',
      activities: [
        activity('b1', "L'Opera", 'dining', '2022-03-11T08:00:00-06:00', { city: 'Dallas' }),
        activity('b2', 'Self-driving Dallas → Austin', 'transportation', '2022-03-11T09:30:00-06:00', {
          city: 'Dallas',
          travelLeg: {
            mode: 'self_driving',
            from: 'Dallas',
            to: 'Austin',
            durationMinutes: 195,
            distanceKm: 314.2,
            cost: 30,
            units: 2,
            provenance: prov,
          },
        }),
        activity('b3', 'Texas Capitol', 'sightseeing', '2022-03-11T14:00:00-06:00', { city: 'Austin' }),
        activity('b4', 'Zilker Park', 'sightseeing', '2022-03-11T16:00:00-06:00', { city: 'Austin' }),
        activity('b5', 'Franklin, Barbecue', 'dining', '2022-03-11T12:30:00-06:00', {
          city: 'Austin',
          mealType: 'lunch',
        }),
      ],
    },
    {
      dayNumber: 3,
      date: '2022-03-12',
      destination: 'Austin',
      accommodationId: null,
      activities: [
        activity('c1', 'Kerbey Lane', 'dining', '2022-03-12T08:30:00-06:00', {
          city: 'Austin',
          mealType: 'breakfast',
        }),
      ],
    },
  ],
};

describe('toBenchPlan', () => {
  const days = toBenchPlan(TravelPlan.parse(input));

  it('writes one benchmark day per itinerary day', () => {
    expect(days).toHaveLength(3);
    expect(days.map((d) => d.days)).toEqual([1, 2, 3]);
  });

  it('writes flights with number, cities and local times, and travel days as "from A to B"', () => {
    expect(days[0]).toMatchObject({
      current_city: 'from Seattle to Dallas',
      transportation:
        'Flight Number: F100, from Seattle to Dallas, Departure Time: 08:05, Arrival Time: 13:40',
      attraction: 'The Dallas World Aquarium, Dallas;',
      breakfast: '-',
      lunch: '-',
      dinner: 'Castle 9, Dallas',
      accommodation: 'Cozy, quiet loft, Dallas',
    });
    // A flight with no transportation activity is taken from plan.flights by its departure date.
    expect(days[2]).toMatchObject({
      current_city: 'from Austin to Seattle',
      transportation:
        'Flight Number: F200, from Austin to Seattle, Departure Time: 18:35, Arrival Time: 20:58',
      breakfast: 'Kerbey Lane, Austin',
      accommodation: '-',
    });
  });

  it('writes ground legs per vehicle in the reference wording, meals by time when mealType is missing, and stays by date', () => {
    expect(days[1]).toEqual({
      days: 2,
      current_city: 'from Dallas to Austin',
      transportation:
        'Self-driving, from Dallas to Austin, duration: 3 hours 15 mins, distance: 314 km, cost: 15',
      breakfast: "L'Opera, Dallas",
      attraction: 'Texas Capitol, Austin;Zilker Park, Austin;',
      lunch: 'Franklin, Barbecue, Austin',
      dinner: '-',
      accommodation: 'Austin room, Austin',
    });
  });

  it('ignores local legs (transit to the aquarium is not intercity transport)', () => {
    expect(days[0]!.transportation).not.toMatch(/transit|Airport/i);
  });
});
