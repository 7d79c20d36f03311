/**
 * The async workflow queues: one definition read by the CDK async stack and by the local stack
 * (fauxqs queues, pollers and the scheduler), so both run the same topology.
 */

/** The queue names (the one list: definitions below, consumers, environment variables). */
export const WORKFLOW_QUEUE_NAMES = [
  'booking-follow-up',
  'price-watch',
  'weather-watch',
  'trip-reminder',
] as const;
export type WorkflowQueueName = (typeof WORKFLOW_QUEUE_NAMES)[number];

export interface WorkflowQueueDefinition {
  readonly name: WorkflowQueueName;
  /** CDK construct id. */
  readonly id: string;
  /** Entry of the consumer, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Seconds a received message stays invisible; at least 6x the consumer's timeout (AWS advice). */
  readonly visibilityTimeoutSeconds: number;
  /** Consumer timeout in seconds. */
  readonly timeoutSeconds: number;
  /** EventBridge schedule that enqueues the monitor's sweep, when it has one. */
  readonly schedule?: {
    readonly monitor: 'price_watch' | 'weather_watch' | 'trip_reminder';
    readonly expression: string;
    readonly localEveryMinutes: number;
  };
}

export const WORKFLOW_QUEUES: readonly WorkflowQueueDefinition[] = [
  {
    name: 'booking-follow-up',
    id: 'BookingFollowUp',
    entry: 'functions/workflows/booking-follow-up.ts',
    description: 'Booking follow-up: re-check prices, booking links, confirmation e-mail with .ics',
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 180,
    timeoutSeconds: 29,
  },
  {
    name: 'price-watch',
    id: 'PriceWatch',
    entry: 'functions/workflows/price-watch.ts',
    description: 'Price-drop alerts for the flights and stays of upcoming trips',
    maxReceiveCount: 3,
    visibilityTimeoutSeconds: 180,
    timeoutSeconds: 29,
    schedule: { monitor: 'price_watch', expression: 'rate(6 hours)', localEveryMinutes: 360 },
  },
  {
    name: 'weather-watch',
    id: 'WeatherWatch',
    entry: 'functions/workflows/weather-watch.ts',
    description: 'Weather warnings for the next days of upcoming trips',
    maxReceiveCount: 3,
    visibilityTimeoutSeconds: 180,
    timeoutSeconds: 29,
    schedule: { monitor: 'weather_watch', expression: 'cron(0 5 * * ? *)', localEveryMinutes: 1440 },
  },
  {
    name: 'trip-reminder',
    id: 'TripReminder',
    entry: 'functions/workflows/trip-reminder.ts',
    description: 'Reminder the day before each trip',
    maxReceiveCount: 3,
    visibilityTimeoutSeconds: 180,
    timeoutSeconds: 29,
    schedule: { monitor: 'trip_reminder', expression: 'cron(0 9 * * ? *)', localEveryMinutes: 1440 },
  },
];

/** Environment variable carrying a queue's URL into a function (e.g. `PRICE_WATCH_QUEUE_URL`). */
export const queueUrlEnv = (name: WorkflowQueueName) => `${name.toUpperCase().replace(/-/g, '_')}_QUEUE_URL`;
