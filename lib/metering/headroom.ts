// What is left under a limit, as the headroom headers and `remaining` say it: the limit minus the window's
// spend and open reservations, never below 0; null when there is no limit (or no counter read).
import { maxBig, nanoToUsd } from '../money';

export const headroomUsd = (limitNano: bigint | null | undefined, c: { spentNano: bigint; reservedNano: bigint } | null | undefined): number | null =>
  limitNano === null || limitNano === undefined || !c ? null : nanoToUsd(maxBig(0n, limitNano - c.spentNano - c.reservedNano));
