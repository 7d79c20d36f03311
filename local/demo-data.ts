/**
 * Demo entities for `npm start`, the integration tests and the benchmarks: a traveller, plans,
 * a conversation with messages and an agent session, all valid against the domain schemas.
 * Builders take overrides so tests can vary one field at a time.
 */
import type { z } from 'zod';
import { newId } from '../agents/ids.js';
import { User } from '../agents/schemas/user.js';
import { TravelPlan } from '../agents/schemas/travel-plan.js';
import { Conversation, Message } from '../agents/schemas/conversation.js';
import { AgentSession } from '../agents/schemas/agent.js';

const iso = (d: Date) => d.toISOString();

export function demoUser(overrides: Partial<z.input<typeof User>> = {}, now = new Date()): User {
  const id = overrides.id ?? newId('user');
  return User.parse({
    id,
    username: `traveller_${id.slice(-8).toLowerCase()}`,
    email: `${id.toLowerCase()}@example.com`,
    phone: '+86-13800138000',
    preferences: { language: 'zh-cn', currency: 'CNY', travelStyle: 'couple' },
    createdAt: iso(now),
    updatedAt: iso(now),
    ...overrides,
  });
}

export function demoPlan(
  userId: string,
  overrides: Partial<z.input<typeof TravelPlan>> = {},
  now = new Date(),
): TravelPlan {
  return TravelPlan.parse({
    id: newId('plan'),
    userId,
    title: '巴黎浪漫7日游 / Paris in 7 days',
    destinations: [
      {
        id: newId('destination'),
        name: '巴黎 Paris',
        country: 'France',
        city: 'Paris',
        coordinates: [48.8566, 2.3522],
        timezone: 'Europe/Paris',
        visitOrder: 1,
        arrivalDate: '2027-06-01',
        departureDate: '2027-06-07',
        isPrimary: true,
      },
    ],
    startDate: '2027-06-01',
    endDate: '2027-06-07',
    totalBudget: 15000,
    travelerCount: 2,
    travelerDetails: [
      { name: '张三', age: 28, passportCountry: 'CN', isPrimary: true },
      { name: '李四', age: 26, passportCountry: 'CN' },
    ],
    budgetBreakdown: { totalBudget: 15000, flights: 7000, accommodation: 4500, food: 2000, activities: 1000 },
    createdAt: iso(now),
    updatedAt: iso(now),
    ...overrides,
  });
}

export function demoConversation(
  userId: string,
  overrides: Partial<z.input<typeof Conversation>> = {},
  now = new Date(),
): Conversation {
  return Conversation.parse({
    id: newId('conversation'),
    userId,
    title: '巴黎7日游规划',
    createdAt: iso(now),
    updatedAt: iso(now),
    ...overrides,
  });
}

export function demoMessage(
  conversationId: string,
  content: string,
  overrides: Partial<z.input<typeof Message>> = {},
  now = new Date(),
): Message {
  return Message.parse({
    id: newId('message', now.getTime()),
    conversationId,
    role: 'user',
    content,
    timestamp: iso(now),
    ...overrides,
  });
}

export function demoSession(
  userId: string,
  conversationId: string,
  overrides: Partial<z.input<typeof AgentSession>> = {},
  now = new Date(),
): AgentSession {
  return AgentSession.parse({
    id: newId('session'),
    conversationId,
    userId,
    activeAgents: ['flight', 'hotel', 'itinerary'],
    status: 'processing',
    currentTask: 'comprehensive_planning',
    taskProgress: { flight_search: 0, hotel_search: 0, itinerary_planning: 0, budget_optimization: 0 },
    createdAt: iso(now),
    updatedAt: iso(now),
    ...overrides,
  });
}
