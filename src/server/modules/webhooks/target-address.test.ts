import { describe, expect, it } from 'vitest';
import { addressKind, privateTargetReason } from './target-address.js';

describe('addressKind', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
  ])('IPv4 %s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each([
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'unique-local'],
    ['FC00::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
  ])('IPv6 %s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it('sees the IPv4 address inside mapped, compatible, NAT64 and 6to4 IPv6 addresses', () => {
    expect(addressKind('::ffff:127.0.0.1')).toBe('loopback');
    expect(addressKind('::ffff:7f00:1')).toBe('loopback');
    expect(addressKind('0:0:0:0:0:ffff:a00:1')).toBe('private');
    expect(addressKind('::ffff:8.8.8.8')).toBe('public');
    expect(addressKind('::10.0.0.1')).toBe('private');
    expect(addressKind('64:ff9b::169.254.169.254')).toBe('link-local');
    expect(addressKind('64:ff9b::808:808')).toBe('public');
    expect(addressKind('2002:c0a8:0101::1')).toBe('private');
    expect(addressKind('2002:0808:0808::1')).toBe('public');
  });

  it('refuses what is not an address', () => {
    expect(() => addressKind('localhost')).toThrow(/not an IP address/);
    expect(() => addressKind('127.1')).toThrow(/not an IP address/);
  });
});

describe('privateTargetReason', () => {
  it('passes a host whose every address is public', () => {
    expect(privateTargetReason('hooks.example.com', ['93.184.215.14', '2606:4700:4700::1111'])).toBeNull();
  });

  it('names the first private address and the setting that allows it', () => {
    expect(privateTargetReason('localhost', ['::1', '127.0.0.1'])).toBe(
      'localhost resolves to ::1, a loopback address; webhooks go to public addresses unless WEBHOOK_ALLOW_PRIVATE=true',
    );
    // One private address among public ones is enough: the connection may use any of them.
    expect(privateTargetReason('mixed.example', ['93.184.215.14', '10.0.0.7'])).toMatch(/^mixed.example resolves to 10.0.0.7, a private address/);
  });

  it('speaks of the address itself when the URL names an IP', () => {
    expect(privateTargetReason('[::1]', ['::1'])).toMatch(/^::1 is a loopback address/);
    expect(privateTargetReason('0.0.0.0', ['0.0.0.0'])).toMatch(/^0.0.0.0 is an unspecified address/);
  });
});
