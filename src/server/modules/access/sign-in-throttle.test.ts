import { describe, expect, it } from 'vitest';
import { signInThrottle } from './sign-in-throttle.js';

describe('signInThrottle', () => {
  it('lets attempts through below both limits', () => {
    expect(signInThrottle({ forAccount: 4, fromAddress: 19 })).toBeNull();
  });

  it('stops guessing one account’s password after five failures', () => {
    expect(signInThrottle({ forAccount: 5, fromAddress: 5 })).toMatch(/for this account/);
  });

  it('stops one address trying many accounts after twenty failures', () => {
    expect(signInThrottle({ forAccount: 0, fromAddress: 20 })).toMatch(/from this address/);
  });
});
