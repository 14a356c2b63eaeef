import { ClockPort } from './ports';

export interface PeakWindow {
  /** Days of week in the time zone, 0 = Sunday … 6 = Saturday (default: every day). */
  days?: number[];
  /** `HH:MM` local start (inclusive) and end (exclusive); a window may cross midnight. */
  start: string;
  end: string;
}

export interface PeakHoursSettings {
  /** IANA time zone of the district, e.g. `America/Chicago`. */
  timeZone: string;
  windows: PeakWindow[];
  /** Concurrent requests allowed during peak hours (IC asks for serial requests: default 1). */
  limit?: number;
}

export interface ConcurrencySettings {
  /** Concurrent requests per tenant off-peak (IC: at most 5). */
  limit?: number;
  peakHours?: PeakHoursSettings;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Whether an instant falls inside one of the peak windows, in the windows' time zone. */
export function isPeakTime(nowMs: number, peak: PeakHoursSettings): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: peak.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(nowMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = weekdays.indexOf(part('weekday'));
  const minute = Number(part('hour')) * 60 + Number(part('minute'));
  return peak.windows.some((w) => {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (start <= end) return (!w.days || w.days.includes(day)) && minute >= start && minute < end;
    // Crosses midnight: the evening part belongs to `day`, the morning part to the day before.
    if (minute >= start) return !w.days || w.days.includes(day);
    return minute < end && (!w.days || w.days.includes((day + 6) % 7));
  });
}

/** Caps concurrent requests for one tenant; the cap drops to the peak-hours limit inside the configured windows. */
export class TenantConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly settings: ConcurrencySettings,
    private readonly clock: ClockPort,
  ) {}

  /** The limit in force now. */
  currentLimit(): number {
    const peak = this.settings.peakHours;
    if (peak && isPeakTime(this.clock.now(), peak)) return Math.max(1, peak.limit ?? 1);
    return Math.max(1, this.settings.limit ?? 5);
  }

  /** Runs fn when a slot is free (FIFO). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.waiting.length === 0 && this.active < this.currentLimit()) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over already counted
    try {
      return await fn();
    } finally {
      this.active--;
      this.wakeWaiters();
    }
  }

  private wakeWaiters(): void {
    while (this.waiting.length > 0 && this.active < this.currentLimit()) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
