/**
 * Burn-rate arithmetic (SRE workbook, ch. 5). Burn rate = error ratio / error budget; the error ratio is at most
 * 1, so the highest burn rate an SLO can show is 1 / (1 - objective). A threshold above it never fires.
 */
export function maxBurnRate(objectiveRatio: number): number {
  return objectiveRatio >= 1 ? Infinity : 1 / (1 - objectiveRatio);
}

/** The threshold that spends `budgetFraction` of the budget of `periodSeconds` within `windowSeconds`. */
export function burnRateFactor(budgetFraction: number, periodSeconds: number, windowSeconds: number): number {
  return (budgetFraction * periodSeconds) / windowSeconds;
}

/** Alert profiles generators use, as (name, factor) pairs; the highest is the page threshold. */
export const generatorProfiles = {
  /** Sloth's default windows (Google SRE workbook), for a 30-day period: 2% in 1h, 5% in 6h, 10% in 1d, 10% in 3d. */
  sloth: (periodSeconds: number) => [
    { tier: 'page (quick)', factor: burnRateFactor(0.02, periodSeconds, 3600) },
    { tier: 'page (slow)', factor: burnRateFactor(0.05, periodSeconds, 6 * 3600) },
    { tier: 'ticket (quick)', factor: burnRateFactor(0.1, periodSeconds, 86400) },
    { tier: 'ticket (slow)', factor: burnRateFactor(0.1, periodSeconds, 3 * 86400) },
  ],
  /** Pyrra's fixed factors, whatever the window. */
  pyrra: () => [
    { tier: 'fast burn (critical)', factor: 14 },
    { tier: 'medium burn (critical)', factor: 7 },
    { tier: 'slow burn (warning)', factor: 2 },
    { tier: 'long-term burn (warning)', factor: 1 },
  ],
};
