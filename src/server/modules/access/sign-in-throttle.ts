export const FAILED_SIGN_IN_WINDOW_MINUTES = 15;
/** Guessing one account's password. */
const PER_ACCOUNT_LIMIT = 5;
/** Trying many accounts from one address, a few passwords each. */
const PER_ADDRESS_LIMIT = 20;

export interface RecentFailures {
  forAccount: number;
  fromAddress: number;
}

/** Why a sign-in attempt is refused unchecked, or null when it may be checked. */
export function signInThrottle(failures: RecentFailures): string | null {
  if (failures.forAccount >= PER_ACCOUNT_LIMIT) {
    return `too many failed sign-ins for this account; try again in ${FAILED_SIGN_IN_WINDOW_MINUTES} minutes`;
  }
  if (failures.fromAddress >= PER_ADDRESS_LIMIT) {
    return `too many failed sign-ins from this address; try again in ${FAILED_SIGN_IN_WINDOW_MINUTES} minutes`;
  }
  return null;
}
