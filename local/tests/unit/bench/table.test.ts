import { formatTable, ms, rate, seconds, times } from '../../../bench/table';

describe('formatTable', () => {
  it('pads every column to its widest cell, numbers right-aligned, the first column left-aligned', () => {
    const text = formatTable(
      ['N', 'p50 ms'],
      [
        [10, '8.3'],
        [500, '1,234'],
      ],
    );
    expect(text.split('\n')).toEqual(['N    p50 ms', '───  ──────', '10      8.3', '500   1,234']);
  });

  it('shows a dash for missing cells and honours extra left-aligned columns', () => {
    const text = formatTable(['N', 'bound by', 's'], [[1, 'worker', undefined]], { leftAligned: [0, 1] });
    expect(text.split('\n')[2]).toBe('1  worker    –');
  });
});

describe('number formats', () => {
  it('gives milliseconds a precision that suits their size', () => {
    expect(ms(0.4213)).toBe('0.42');
    expect(ms(8.27)).toBe('8.3');
    expect(ms(125.4)).toBe('125');
    expect(ms(12345.6)).toBe('12,346');
    expect(ms(undefined)).toBeUndefined();
    expect(ms(Number.NaN)).toBeUndefined();
  });

  it('formats seconds, rates and ratios', () => {
    expect(seconds(9.8361)).toBe('9.84');
    expect(seconds(0.09375, 3)).toBe('0.094');
    expect(rate(53333.4)).toBe('53,333');
    expect(times(6.958)).toBe('6.96×');
    expect(times(undefined)).toBeUndefined();
  });
});
