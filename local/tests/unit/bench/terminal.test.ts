import { Terminal } from '../../../bench/terminal';

describe('Terminal', () => {
  it('puts results on stdout and progress and notes on stderr, clearing a live bar first', () => {
    const out: string[] = [];
    const err: string[] = [];
    const terminal = new Terminal(
      { write: (t: string) => out.push(t) },
      { isTTY: true, write: (t: string) => err.push(t) },
    );
    const step = terminal.step('connect N=10', 'connections', 10);
    step.update(3, 0, 10);
    terminal.result('fanout N=10: …');
    terminal.note('a note');
    step.finish();
    expect(out).toEqual(['fanout N=10: …\n']);
    expect(err[0]!.startsWith('\r\x1b[2Kconnect N=10 [')).toBe(true);
    expect(err[0]).toContain('3/10 connections');
    expect(err[1]).toBe('\r\x1b[2K');
    expect(err[2]).toBe('a note\n');
    expect(err[3]).toMatch(/3\/10 connections.*\n$/);
  });
});
