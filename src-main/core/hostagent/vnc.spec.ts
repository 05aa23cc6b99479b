import { describe, expect, it } from 'vitest';
import { parseVncDisplay } from './vnc-display';
import { generateVncPassword } from './vnc-password';

describe('generateVncPassword', () => {
  it('makes 8 distinct letters and digits, exactly 2 of them digits', () => {
    for (let i = 0; i < 200; i++) {
      const pw = generateVncPassword();
      expect(pw).toMatch(/^[A-Za-z0-9]{8}$/);
      expect(pw.replace(/\D/g, '')).toHaveLength(2);
      expect(new Set(pw).size).toBe(8);
    }
  });

  it('does not always put the digits in the same place', () => {
    const positions = new Set(Array.from({ length: 100 }, () => generateVncPassword().search(/\d/)));
    expect(positions.size).toBeGreaterThan(1);
  });
});

describe('parseVncDisplay', () => {
  it("splits Lima's default", () => {
    expect(parseVncDisplay('127.0.0.1:0,to=9')).toEqual({ host: '127.0.0.1', display: 0, to: 9 });
  });
  it('accepts a display without options and a bracketed IPv6 host', () => {
    expect(parseVncDisplay('0.0.0.0:3')).toEqual({ host: '0.0.0.0', display: 3 });
    expect(parseVncDisplay('[::1]:1,to=4')).toEqual({ host: '::1', display: 1, to: 4 });
  });
  it('names the field when the display is unusable', () => {
    expect(() => parseVncDisplay('localhost')).toThrow('video.vnc.display');
    expect(() => parseVncDisplay('localhost:x')).toThrow('invalid display number');
  });
});
