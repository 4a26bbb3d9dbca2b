/** One day in milliseconds: dates here are calendar days in UTC (validity, retention, reminders). */
export const DAY_MS = 86_400_000;
